import { raw } from 'hono/html';
import { type Child, useContext } from 'hono/jsx';
import { RequestContext } from 'hono/jsx-renderer';

export interface NavItem {
  href: string;
  label: string;
}

/**
 * Who looks at the page, as the shell shows it. The access module sets it for every signed-in
 * browser session (`c.set('viewer', …)`); visitors have none and see "Anmelden".
 */
export interface PageViewer {
  name: string;
  /** German role name, shown next to the name. */
  roleLabel: string;
  csrfToken: string;
  /** The staff navigation: only what this person may open. */
  nav: NavItem[];
}

declare module 'hono' {
  interface ContextVariableMap {
    viewer: PageViewer;
  }
}

export interface PageProps {
  title: string;
  children?: Child;
  /** Shows the "Demodaten" banner: set whenever the page displays any demo record. */
  demo?: boolean;
  /** Path of the current page, to mark the active navigation entry. */
  currentPath?: string;
  nav?: NavItem[];
  /** Overrides the signed-in user the shell reads from the request (tests render pages without one). */
  user?: PageViewer;
  /** Hides the sign-in link (the sign-in pages themselves). */
  hideSignIn?: boolean;
  /**
   * A page shared by everyone (the public portal, which is cached for all visitors): it never
   * shows who is signed in, so no name or CSRF token can end up in a cached copy.
   */
  isShared?: boolean;
  /** Site name in the header and the <title> (the public portal is "Arbeitswelt Hessen"). */
  siteName?: string;
  homeHref?: string;
}

/** Longer navigations fold into a "Menü" disclosure on narrow screens. */
const COLLAPSE_AFTER = 6;

function NavList(props: { nav: NavItem[]; currentPath?: string; extraClass?: string }) {
  return (
    <ul class={props.extraClass ? `site-nav ${props.extraClass}` : 'site-nav'}>
      {props.nav.map((item) => (
        <li>
          <a class="kern-link" href={item.href} aria-current={props.currentPath === item.href ? 'page' : undefined}>
            {item.label}
          </a>
        </li>
      ))}
    </ul>
  );
}

/** What a visitor who is not signed in may open. */
const PUBLIC_NAV: NavItem[] = [
  { href: '/', label: 'Landesübersicht' },
  { href: '/portal', label: 'Portal' },
];

/** Public pages linked from every footer (portal module). */
const FOOTER_LINKS: NavItem[] = [
  { href: '/portal', label: 'Portal Arbeitswelt Hessen' },
  { href: '/opendata', label: 'Offene Daten' },
  { href: '/leichte-sprache', label: 'Leichte Sprache' },
  { href: '/barrierefreiheit', label: 'Barrierefreiheit' },
  { href: '/impressum', label: 'Impressum' },
  { href: '/datenschutz', label: 'Datenschutz' },
];

/** The banner every page showing demo data carries. */
export function DemoBanner() {
  return (
    <div class="kern-alert kern-alert--warning demo-banner" role="note" aria-label="Hinweis auf Demodaten">
      <div class="kern-alert__header">
        <span class="kern-icon kern-icon--warning" aria-hidden="true"></span>
        <p class="kern-title">Demodaten</p>
      </div>
      <div class="kern-alert__body">
        <p class="kern-body">
          Diese Seite zeigt erfundene Demodaten neben den echten Stammdaten. Echt sind nur die 26
          Gebietskörperschaften und die veröffentlichten Zielvereinbarungen des Rheingau-Taunus-Kreises
          2024 und des Landkreises Limburg-Weilburg 2025.
        </p>
      </div>
    </div>
  );
}

/** The page shell: skip link, header, navigation, main landmark, footer. */
export function Page(props: PageProps) {
  const c = useContext(RequestContext);
  const viewer = props.isShared ? undefined : (props.user ?? c?.get('viewer'));
  const nav = props.nav ?? viewer?.nav ?? PUBLIC_NAV;
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="de">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} – ${props.siteName ?? 'AQB-Steuerung'}`}</title>
        <link rel="stylesheet" href="/assets/kern/fonts/fira-sans.css" />
        <link rel="stylesheet" href="/assets/kern/kern.min.css" />
        <link rel="stylesheet" href="/assets/app.css" />
      </head>
      <body class="kern-light">
        <a class="skip-link" href="#inhalt">
          Zum Inhalt springen
        </a>
        <header class="site-header">
          <div class="kern-container">
            <p class="site-title">
              <a href={props.homeHref ?? '/'} class="site-title__link">
                {props.siteName ?? 'AQB-Steuerung'}
              </a>
              <span class="site-title__sub">Ausbildungs- und Qualifizierungsbudget Hessen</span>
            </p>
            <nav aria-label="Hauptnavigation">
              {nav.length > COLLAPSE_AFTER ? (
                <>
                  <NavList nav={nav} currentPath={props.currentPath} extraClass="site-nav--wide" />
                  {/* Narrow screens (below 40rem) show the long staff navigation folded; works without JavaScript. */}
                  <details class="site-menu">
                    <summary class="site-menu__summary">Menü ({nav.length} Bereiche)</summary>
                    <NavList nav={nav} currentPath={props.currentPath} />
                  </details>
                </>
              ) : (
                <NavList nav={nav} currentPath={props.currentPath} />
              )}
            </nav>
            {viewer ? (
              <form class="site-user" method="post" action="/abmelden">
                <input type="hidden" name="_csrf" value={viewer.csrfToken} />
                <span class="kern-body kern-body--small">
                  Angemeldet als {viewer.name} ({viewer.roleLabel})
                </span>{' '}
                <a class="kern-link" href="/konto">
                  Mein Konto
                </a>{' '}
                <button class="kern-btn kern-btn--tertiary" type="submit">
                  <span class="kern-label">Abmelden</span>
                </button>
              </form>
            ) : props.hideSignIn ? null : (
              <p class="site-user">
                <a class="kern-link" href="/anmelden">
                  Anmelden
                </a>
              </p>
            )}
          </div>
        </header>
        <main id="inhalt" tabindex={-1}>
          <div class="kern-container kern-stack-lg">
            {props.demo ? <DemoBanner /> : null}
            {props.children}
          </div>
        </main>
        <footer class="site-footer">
          <div class="kern-container">
            <p class="kern-body kern-body--small">
              AQB-Steuerung – Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales
            </p>
            <nav aria-label="Rechtliches und Service">
              <ul class="site-nav site-footer__links">
                {FOOTER_LINKS.map((item) => (
                  <li>
                    <a class="kern-link" href={item.href}>
                      {item.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          </div>
        </footer>
      </body>
    </html>
    </>
  );
}
