/**
 * Links to the AQB years of a page (the current one marked with aria-current), as the
 * sub-navigation row: plain links, so switching years works without JavaScript.
 */
export function YearNav({ years, current, href }: { years: readonly number[]; current: number | null; href: (year: number) => string }) {
  return (
    <nav aria-label="AQB-Jahr">
      <ul class="agreement-subnav">
        {years.map((y) => (
          <li>
            <a class="kern-link" href={href(y)} aria-current={y === current ? 'page' : undefined}>
              {y}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
