import type { AppError } from "../lib/errors";
import { Layout, page } from "./layout";

export function renderErrorPage(err: AppError, requestId: string): string {
  const title = err.status === 404 ? "Page not found" : err.status >= 500 ? "Something went wrong" : "We could not do that";
  return page(
    <Layout title={`${title} · Threshold`} narrow>
      <h1>{title}</h1>
      <p class="lead">{err.message}</p>
      {err.details?.length ? (
        <ul>
          {err.details.map((d) => (
            <li>
              <strong>{d.field}</strong>: {d.message}
            </li>
          ))}
        </ul>
      ) : null}
      <p class="muted">Reference: {requestId}</p>
      <p>
        <a href="/">Back to the start</a>
      </p>
    </Layout>,
  );
}
