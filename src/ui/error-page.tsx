import { Page } from './layout';

export interface ErrorPageProps {
  status: number;
  title: string;
  message: string;
  issues?: { path: string; message: string }[];
}

/** German error page. Never shows a stack trace or internal detail. */
export function ErrorPage(props: ErrorPageProps) {
  return (
    <Page title={props.title}>
      <h1 class="kern-heading-large">{props.title}</h1>
      <div class="kern-alert kern-alert--danger" role="alert">
        <div class="kern-alert__header">
          <span class="kern-icon kern-icon--danger" aria-hidden="true"></span>
          <p class="kern-title">Fehler {props.status}</p>
        </div>
        <div class="kern-alert__body">
          <p class="kern-body">{props.message}</p>
          {props.issues && props.issues.length > 0 ? (
            <ul class="kern-list kern-list--bullet">
              {props.issues.map((issue) => (
                <li>{issue.path ? `${issue.path}: ${issue.message}` : issue.message}</li>
              ))}
            </ul>
          ) : null}
        </div>
      </div>
      <p class="kern-body">
        <a class="kern-link" href="/">
          Zur Landesübersicht
        </a>
      </p>
    </Page>
  );
}
