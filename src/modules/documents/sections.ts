import type { AgreementSection } from './diff';
import type { AgreementDocument, DocumentBlock } from './model';
import { tableLines } from './render-text';

function blockText(block: DocumentBlock): string {
  if (block.kind === 'measureType') return [block.heading, ...block.projects.map((p) => `– ${p}`)].join('\n');
  if (block.kind === 'table') return tableLines(block).join('\n');
  return block.text;
}

/**
 * The document as diff sections aligned by key: Präambel, § 1 … § n, Unterschriften. The one
 * way a composed agreement is cut for comparisons (staff version diffs and the portal's
 * year-to-year comparison).
 */
export function documentSections(doc: AgreementDocument): AgreementSection[] {
  const sections: AgreementSection[] = [{ key: 'Präambel', heading: doc.preamble.heading, text: doc.preamble.paragraphs.join('\n\n') }];
  for (const section of doc.sections) {
    sections.push({
      key: section.label,
      heading: `${section.label} ${section.heading}`,
      text: [section.subheading, ...section.blocks.map(blockText)].filter((t): t is string => Boolean(t)).join('\n\n'),
    });
  }
  sections.push({
    key: 'Unterschriften',
    heading: 'Unterschriften',
    text: doc.signatures.map((s) => [s.placeAndDate, s.name ?? '(noch nicht unterschrieben)', ...s.lines].join('\n')).join('\n\n'),
  });
  return sections;
}
