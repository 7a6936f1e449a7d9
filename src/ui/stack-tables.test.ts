import { describe, expect, it } from 'vitest';
import { labelTableCells } from './stack-tables';

describe('labelTableCells', () => {
  it('labels each body cell with its column header (text only, spans counted) and marks the table', () => {
    const html =
      '<table class="kern-table kern-table--striped"><caption>Liste</caption><thead><tr class="kern-table__row">' +
      '<th scope="col" class="kern-table__header">Gebietskörperschaft</th><th scope="col" class="kern-table__header kern-table__header--numeric">Betrag <span class="visually-hidden">in Euro</span></th><th scope="col">Status</th></tr></thead>' +
      '<tbody><tr><th scope="row">Stadt Kassel</th><td class="kern-table__cell--numeric">1.000,00 €</td><td>Entwurf</td></tr>' +
      '<tr><td colspan="2">Summe</td><td>x</td></tr></tbody></table>';
    const out = labelTableCells(html);
    expect(out).toContain('<table class="kern-table kern-table--striped" data-stack>');
    expect(out).toContain('<th scope="row" data-label="Gebietskörperschaft">Stadt Kassel</th>');
    expect(out).toContain('<td class="kern-table__cell--numeric" data-label="Betrag in Euro">1.000,00 €</td>');
    expect(out).toContain('<td data-label="Status">Entwurf</td>');
    // The spanning cell has no single label; the one after it is the third column.
    expect(out).toContain('<td colspan="2">Summe</td><td data-label="Status">x</td>');
    // Header cells are untouched.
    expect(out).toContain('<th scope="col" class="kern-table__header">Gebietskörperschaft</th>');
  });

  it('leaves tables without a header row of two columns, non-KERN tables and pages without tables alone', () => {
    const keyValue = '<table class="kern-table"><caption>Angaben</caption><tbody><tr><th scope="row">AGS</th><td>06611</td></tr></tbody></table>';
    expect(labelTableCells(keyValue)).toBe(keyValue);
    const oneColumn = '<table class="kern-table"><thead><tr><th scope="col">A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>';
    expect(labelTableCells(oneColumn)).toBe(oneColumn);
    const foreign = '<table class="layout"><thead><tr><th>A</th><th>B</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>';
    expect(labelTableCells(foreign)).toBe(foreign);
    expect(labelTableCells('<p>kein Tisch</p>')).toBe('<p>kein Tisch</p>');
  });

  it('labels every table of a page on its own, tfoot rows included, and does not label twice', () => {
    const table = (a: string, b: string) => `<table class="kern-table"><thead><tr><th scope="col">${a}</th><th scope="col">${b}</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody><tfoot><tr><th scope="row">Summe</th><td>3</td></tr></tfoot></table>`;
    const out = labelTableCells(`<main>${table('Jahr', 'Anzahl')}<p>x</p>${table('Name', 'E-Mail')}</main>`);
    expect(out).toContain('<td data-label="Jahr">1</td><td data-label="Anzahl">2</td>');
    expect(out).toContain('<th scope="row" data-label="Jahr">Summe</th><td data-label="Anzahl">3</td>');
    expect(out).toContain('<td data-label="Name">1</td><td data-label="E-Mail">2</td>');
    expect(labelTableCells(out)).toBe(out);
  });
});
