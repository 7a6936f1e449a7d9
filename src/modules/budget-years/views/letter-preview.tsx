import { letterheadContactLines, type OfficialLetter } from '../../../platform/documents/official-letter';
import { formatEuro } from '../../../platform/format';
import { ErrorSummary, type FieldErrors, Notice, SelectField, SubmitButton, TextField } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import type { District } from '../../districts/schema';
import { PREVIEW_MARK } from '../letters/letter-model';

/** An official letter as HTML, in reading order (letterhead, address, information block, subject, body, signature). */
export function OfficialLetterView({ letter }: { letter: OfficialLetter }) {
  return (
    <article class="official-letter" aria-labelledby="brief-betreff">
      {letter.draftMark ? <p class="official-letter__mark">{letter.draftMark}</p> : null}
      <div class="official-letter__head">
        <p class="official-letter__authority">
          <strong>{letter.letterhead.authority}</strong>
          {letter.letterhead.unit ? (
            <>
              <br />
              {letter.letterhead.unit}
            </>
          ) : null}
        </p>
        <p class="official-letter__small">
          {letterheadContactLines(letter.letterhead).map((line, index) => (
            <>
              {index > 0 ? <br /> : null}
              {line}
            </>
          ))}
        </p>
      </div>
      <div class="official-letter__head">
        <div>
          {letter.returnAddress ? <p class="official-letter__small official-letter__return">{letter.returnAddress}</p> : null}
          <p>
            {letter.recipient.map((line, index) => (
              <>
                {index > 0 ? <br /> : null}
                {line}
              </>
            ))}
          </p>
        </div>
        <dl class="official-letter__info">
          {letter.infoBlock.map((item) => (
            <>
              <dt>{item.label}</dt>
              <dd>{item.value}</dd>
            </>
          ))}
        </dl>
      </div>
      <h2 class="kern-heading-small" id="brief-betreff">
        {letter.subject}
      </h2>
      <p class="kern-body">{letter.salutation}</p>
      {letter.blocks.map((block, index) => {
        if (block.kind === 'paragraph') return <p class="kern-body">{block.text}</p>;
        if (block.kind === 'heading') return <h3 class="kern-heading-small">{block.text}</h3>;
        if (block.kind === 'list') {
          const items = block.items.map((item) => <li>{item}</li>);
          return block.ordered ? <ol class="kern-list kern-list--number">{items}</ol> : <ul class="kern-list kern-list--bullet">{items}</ul>;
        }
        if (block.kind === 'keyValue') {
          return (
            <dl class="agreement-facts">
              {block.items.map((item) => (
                <>
                  <dt>{item.label}</dt>
                  <dd>{item.value}</dd>
                </>
              ))}
            </dl>
          );
        }
        const captionId = `brief-tabelle-${index}`;
        const numeric = (column: number) => (block.columns[column]?.align === 'right' ? ' kern-table__cell--numeric' : '');
        return (
          <div class="table-region" role="region" aria-labelledby={captionId} tabindex={0}>
            <table class="kern-table">
              <caption class="kern-title" id={captionId}>
                {block.caption}
              </caption>
              <thead class="kern-table__head">
                <tr class="kern-table__row">
                  {block.columns.map((column, i) => (
                    <th scope="col" class={`kern-table__header${numeric(i)}`}>
                      {column.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody class="kern-table__body">
                {block.rows.map((row) => (
                  <tr class="kern-table__row">
                    {row.map((cell, i) => (
                      <td class={`kern-table__cell${numeric(i)}`}>{cell}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
              {block.footer ? (
                <tfoot class="kern-table__footer">
                  <tr class="kern-table__row">
                    {block.footer.map((cell, i) => (
                      <td class={`kern-table__cell${numeric(i)}`}>
                        <strong>{cell}</strong>
                      </td>
                    ))}
                  </tr>
                </tfoot>
              ) : null}
            </table>
          </div>
        );
      })}
      <p class="kern-body">{letter.closing}</p>
      {letter.signature ? (
        <p class="kern-body official-letter__signature">
          {letter.signature.prefix ? (
            <>
              {letter.signature.prefix}
              <br />
            </>
          ) : null}
          {letter.signature.name}
          <br />
          {letter.signature.role}
        </p>
      ) : null}
    </article>
  );
}

export interface LetterPreviewPageProps {
  year: number;
  scenario: { id: number; name: string; allocations: { ags: string; amountCents: number }[] };
  districts: District[];
  values: { ags: string; datum: string };
  errors: FieldErrors;
  /** The letter for the chosen district, when one is chosen and the input is valid. */
  letter?: OfficialLetter;
}

/** One district's Mittelankündigung from a scenario before the year is fixed: marked, never stored. */
export function LetterPreviewPage(props: LetterPreviewPageProps) {
  const { year, scenario } = props;
  const base = `/jahre/${year}/szenarien/${scenario.id}/vorschau`;
  const names = new Map(props.districts.map((d) => [d.ags, d.officialName]));
  const query = `?datum=${encodeURIComponent(props.values.datum)}`;
  return (
    <Page title={`${PREVIEW_MARK}: Mittelankündigung ${year} – ${scenario.name}`} currentPath="/jahre">
      <h1 class="kern-heading-large">Vorschau der Mittelankündigung {year}</h1>
      <Notice kind="warning" title={PREVIEW_MARK}>
        <p class="kern-body">
          So sähe das Schreiben aus dem Szenario „{scenario.name}“ aus. Es wird weder gespeichert noch versandt; die verbindlichen Mittelankündigungen entstehen erst beim Festlegen der Zuweisung.
        </p>
      </Notice>
      <ErrorSummary errors={props.errors} labels={{ ags: 'Gebietskörperschaft', datum: 'Datum des Schreibens' }} />
      <form method="get" action={base} class="kern-stack-sm" novalidate>
        <SelectField
          name="ags"
          label="Gebietskörperschaft"
          required
          value={props.values.ags}
          error={props.errors.ags}
          options={[{ value: '', label: 'Bitte wählen' }, ...scenario.allocations.map((a) => ({ value: a.ags, label: `${names.get(a.ags) ?? a.ags} (${formatEuro(a.amountCents)})` }))]}
        />
        <TextField name="datum" label="Datum des Schreibens" type="date" value={props.values.datum} error={props.errors.datum} required />
        <SubmitButton variant="secondary">Vorschau anzeigen</SubmitButton>
      </form>
      {props.letter ? (
        <section aria-labelledby="vorschau" class="kern-stack-sm">
          <h2 class="kern-heading-medium" id="vorschau">
            Vorschau für {names.get(props.values.ags)}
          </h2>
          <p class="kern-body">
            <a class="kern-link" href={`${base}/${props.values.ags}/pdf${query}`}>
              Vorschau als PDF
            </a>
            {' · '}
            <a class="kern-link" href={`${base}/${props.values.ags}/docx${query}`}>
              Vorschau als Word-Dokument
            </a>
          </p>
          <OfficialLetterView letter={props.letter} />
        </section>
      ) : null}
      <p class="kern-body">
        <a class="kern-link" href={`/jahre/${year}`}>
          Zurück zum AQB-Jahr {year}
        </a>
      </p>
    </Page>
  );
}
