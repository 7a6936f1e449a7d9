import { formatDate } from '../../../platform/format';
import { Page } from '../../../ui/layout';
import type { Task } from '../service';

/** GET /aufgaben: what waits for the signed-in person, with due dates where known. */
export function TasksPage(props: { tasks: Task[]; today: string }) {
  return (
    <Page title="Meine Aufgaben" currentPath="/aufgaben" demo={props.tasks.some((t) => t.isDemo)}>
      <h1 class="kern-heading-large">Meine Aufgaben</h1>
      {props.tasks.length === 0 ? (
        <p class="kern-body">Zurzeit wartet nichts auf Sie.</p>
      ) : (
        <>
          <p class="kern-body">
            {props.tasks.length === 1 ? 'Eine Aufgabe wartet' : `${props.tasks.length} Aufgaben warten`} auf Sie, die dringendsten zuerst.
          </p>
          <ul class="task-list kern-stack-sm" aria-label="Aufgaben">
            {props.tasks.map((task) => (
              <li data-task={task.kind}>
                <a class="kern-link" href={task.href}>
                  {task.title}
                </a>
                <span class="kern-body"> – {task.detail}</span>
                {task.isDemo ? <span class="demo-marker"> (Demodaten)</span> : null}
                {task.dueOn ? (
                  <span class="kern-body kern-body--small">
                    {' '}
                    (fällig bis {formatDate(task.dueOn)}
                    {task.dueOn < props.today ? <strong>, überfällig</strong> : null})
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      )}
    </Page>
  );
}
