/**
 * Page links for a numbered list: "Vorherige Seite", the page numbers (the current one marked with
 * aria-current) and "Nächste Seite". Plain links, so paging works without JavaScript and keeps
 * whatever filter the href function puts into the address.
 */
export interface PagerProps {
  /** Accessible name of the navigation, e.g. "Seiten der Ergebnisliste". */
  label: string;
  page: number;
  pageCount: number;
  href: (page: number) => string;
}

/** Pages shown around the current one; the first and last are always shown. */
const WINDOW = 2;

function shownPages(page: number, pageCount: number): (number | 'gap')[] {
  const pages: (number | 'gap')[] = [];
  for (let p = 1; p <= pageCount; p += 1) {
    if (p === 1 || p === pageCount || Math.abs(p - page) <= WINDOW) pages.push(p);
    else if (pages.at(-1) !== 'gap') pages.push('gap');
  }
  return pages;
}

export function Pager({ label, page, pageCount, href }: PagerProps) {
  if (pageCount <= 1) return null;
  return (
    <nav aria-label={label}>
      <ul class="site-nav">
        {page > 1 ? (
          <li>
            <a class="kern-link" rel="prev" href={href(page - 1)}>
              Vorherige Seite
            </a>
          </li>
        ) : null}
        {shownPages(page, pageCount).map((p) =>
          p === 'gap' ? (
            <li aria-hidden="true">…</li>
          ) : (
            <li>
              <a class="kern-link" href={href(p)} aria-current={p === page ? 'page' : undefined}>
                <span class="visually-hidden">Seite </span>
                {p}
              </a>
            </li>
          ),
        )}
        {page < pageCount ? (
          <li>
            <a class="kern-link" rel="next" href={href(page + 1)}>
              Nächste Seite
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
