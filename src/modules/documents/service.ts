export { composeAgreement, type ComposeInput } from './compose';
export type { AgreementDocument, DocumentBlock, DocumentSection, SignatureBlock } from './model';
export { fillTemplateText, listPlaceholders, type PlaceholderValues, validateTemplateText } from './placeholders';
export { renderDocx } from './render-docx';
export { type HtmlOptions, renderHtml, renderStandaloneHtml } from './render-html';
export { renderMarkdown } from './render-markdown';
export { renderPdf } from './render-pdf';
export { renderText, SIGNATURE_RULE } from './render-text';
export {
  defaultTemplate,
  SEED_TEMPLATE_YEARS,
  type SectionTemplate,
  SectionTemplateSchema,
  type YearTemplateContent,
  YearTemplateContentSchema,
} from './template';
export { type AgreementSection, diffAgreementSections, renderDiffHtml, type SectionDiff } from './diff';
export { documentSections } from './sections';
export { compareAgreementContent, type ContentComparison, type MeasureChange } from './compare-content';
export { LW_2025, REAL_AGREEMENTS, RTK_2024 } from './reference-agreements';
