import { raw } from 'hono/html';
import { Page } from '../../../ui/layout';
import { renderDiffHtml, type SectionDiff } from '../../documents/service';

export interface ComparePageProps {
  /** The signed-in user for the page header (name, Abmelden). */
  title: string;
  fromLabel: string;
  toLabel: string;
  diff: SectionDiff[];
  demo: boolean;
  backHref: string;
  backLabel: string;
}

/** A § aligned, word-by-word comparison; inserted/deleted words carry screen-reader text and do not rely on colour. */
export function ComparePage(props: ComparePageProps) {
  const changed = props.diff.filter((s) => s.change !== 'unchanged').length;
  return (
    <Page title={props.title} currentPath="/zielvereinbarungen" demo={props.demo}>
      <h1 class="kern-heading-large">{props.title}</h1>
      <p class="kern-body">
        Vergleich von <strong>{props.fromLabel}</strong> mit <strong>{props.toLabel}</strong>: {changed} von {props.diff.length} Abschnitten geändert. Eingefügter Text
        ist unterstrichen, gelöschter durchgestrichen; Screenreader lesen „Eingefügt“ und „Gelöscht“ vor.
      </p>
      <p class="kern-body">
        <a class="kern-link" href={props.backHref}>
          {props.backLabel}
        </a>
      </p>
      {raw(renderDiffHtml(props.diff, { headingLevel: 2 }))}
    </Page>
  );
}
