import type { DoctorCheck } from "../../../../shared/domain/cdc";
import { StatusMark } from "./check-status";

/**
 * Renders the server-wide checks as a list: status, title, current and
 * required values, and the explanation.
 */
export function ServerChecks({ checks }: { checks: DoctorCheck[] }) {
  if (checks.length === 0) return null;

  return (
    <section aria-labelledby="cdc-server-heading">
      <h3 id="cdc-server-heading">Server checks</h3>
      <ul className="check-list" aria-labelledby="cdc-server-heading">
        {checks.map((check, index) => (
          <li
            key={`${check.id}-${index}`}
            className={`check-item check-item-${check.status}`}
          >
            <StatusMark status={check.status} />
            <div className="check-body">
              <p className="check-title">{check.title}</p>
              <CurrentRequired check={check} />
              <p className="check-message">{check.message}</p>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Renders the current and required values, leaving out one the check lacks. */
export function CurrentRequired({ check }: { check: DoctorCheck }) {
  if (check.current === null && check.required === null) return null;

  return (
    <p className="check-values">
      {check.current !== null && (
        <span>
          Current: <code>{check.current}</code>
        </span>
      )}
      {check.required !== null && (
        <span>
          Required: <code>{check.required}</code>
        </span>
      )}
    </p>
  );
}
