// Progressive enhancement of the manual scenario form: the sum of the 26 amounts and its
// difference to the Landesbudget, updated while typing. Without JavaScript the button
// "Summe berechnen" shows the same figures from the server. German number format: 1.234.567,89.
(function () {
  const form = document.querySelector('form[data-running-total]');
  if (!form) return;
  const output = form.querySelector('[data-running-total-output]');
  const budget = form.dataset.landesbudgetCents ? Number(form.dataset.landesbudgetCents) : null;
  const euro = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' });
  const pattern = /^(\d{1,3}(\.\d{3})*|\d+)(,\d{1,2})?$/;

  function cents(text) {
    const value = text.replace(/\s|€/g, '');
    if (value === '' || !pattern.test(value)) return null;
    const [whole, fraction = ''] = value.replace(/\./g, '').split(',');
    return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  }

  function update() {
    let sum = 0;
    let invalid = 0;
    for (const input of form.querySelectorAll('input[name^="betrag_"]')) {
      const value = cents(input.value);
      if (value === null) invalid += 1;
      else sum += value;
    }
    let text = `Summe: ${euro.format(sum / 100)}`;
    if (budget !== null) {
      const difference = sum - budget;
      text += difference === 0 ? ' – entspricht genau dem Landesbudget.' : ` – ${euro.format(Math.abs(difference) / 100)} ${difference > 0 ? 'über' : 'unter'} dem Landesbudget (${euro.format(budget / 100)}).`;
    }
    if (invalid > 0) text += ` ${invalid === 1 ? 'Ein Betrag fehlt oder ist' : `${invalid} Beträge fehlen oder sind`} ungültig und nicht mitgezählt.`;
    output.textContent = text;
  }

  form.addEventListener('input', update);
  update();
})();
