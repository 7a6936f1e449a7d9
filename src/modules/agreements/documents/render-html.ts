import type { AgreementDocument, SignatureBlock } from './model';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/**
 * A semantic HTML fragment `<article class="agreement" lang="de">`: exactly one h1, one h2 per §
 * (and the Präambel), lists for the projects; every text escaped, no inline styles or scripts.
 */
export function renderHtml(doc: AgreementDocument): string {
  const out: string[] = [];
  out.push('<article class="agreement" lang="de">');
  out.push('<header class="agreement-title">', `<h1>${esc(doc.heading)}</h1>`);
  for (const line of doc.titleLines) out.push(`<p>${esc(line)}</p>`);
  out.push('</header>');
  out.push('<section class="agreement-preamble">', `<h2>${esc(doc.preamble.heading)}</h2>`);
  for (const paragraph of doc.preamble.paragraphs) out.push(`<p>${esc(paragraph)}</p>`);
  out.push('</section>');
  for (const section of doc.sections) {
    out.push('<section class="agreement-section">');
    out.push(`<h2><span class="agreement-section-number">${esc(section.label)}</span> ${esc(section.heading)}</h2>`);
    if (section.subheading) out.push(`<h3>${esc(section.subheading)}</h3>`);
    const level = section.subheading ? 'h4' : 'h3';
    for (const block of section.blocks) {
      if (block.kind === 'paragraph') out.push(`<p>${esc(block.text)}</p>`);
      else if (block.kind === 'amount') out.push(`<p class="agreement-amount"><strong>${esc(block.text)}</strong></p>`);
      else {
        out.push(`<${level}>${esc(block.heading)}</${level}>`);
        if (block.projects.length > 0) {
          out.push('<ul>', ...block.projects.map((title) => `<li>${esc(title)}</li>`), '</ul>');
        }
      }
    }
    out.push('</section>');
  }
  out.push('<footer class="agreement-signatures">');
  for (const signature of doc.signatures) out.push(signatureHtml(signature));
  out.push('</footer>', '</article>');
  return `${out.join('\n')}\n`;
}

function signatureHtml(signature: SignatureBlock): string {
  const lines = [signature.name, ...signature.lines].filter((line): line is string => line !== null).map(esc);
  const placeClass = signature.isSigned ? 'agreement-signature-place' : 'agreement-signature-place agreement-signature-blank';
  return [
    `<div class="agreement-signature agreement-signature-${signature.party}">`,
    `<p class="${placeClass}">${esc(signature.placeAndDate)}</p>`,
    `<p class="agreement-signatory">${lines.join('<br>')}</p>`,
    '</div>',
  ].join('\n');
}
