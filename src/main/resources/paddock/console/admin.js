// The node's HTTP admin API (/admin/*, /metrics) as the console reads it: same origin, a bounded
// wait, and errors that say which endpoint failed and why.

const TIMEOUT_MS = 5000;

async function get(path, accept) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const response = await fetch(path, { headers: { accept }, cache: "no-store", signal: controller.signal });
    return response;
  } catch (e) {
    throw new Error(`${path}: ${e.name === "AbortError" ? `no answer within ${TIMEOUT_MS} ms` : e.message}`);
  } finally {
    clearTimeout(timer);
  }
}

/** GET a JSON endpoint; rejects with the body's "error" when the status is not 2xx. */
export async function adminJson(path) {
  const response = await get(path, "application/json");
  let body;
  try {
    body = await response.json();
  } catch (e) {
    throw new Error(`${path}: HTTP ${response.status}, not JSON`);
  }
  if (!response.ok) {
    throw new Error(`${path}: HTTP ${response.status}: ${body && body.error ? body.error : "failed"}`);
  }
  return body;
}

/** GET /metrics in the Prometheus text format. */
export async function metricsText() {
  const response = await get("/metrics", "text/plain");
  if (!response.ok) {
    throw new Error(`/metrics: HTTP ${response.status}`);
  }
  return response.text();
}

/**
 * Runs `task` every `periodMs` while `active()` holds, never two at once; `task` failures go to
 * `onError`. Returns a function that runs it now (when a view is shown).
 */
export function poller(task, periodMs, active, onError) {
  let running = false;
  const run = async () => {
    if (running || !active()) {
      return;
    }
    running = true;
    try {
      await task();
    } catch (e) {
      onError(e);
    } finally {
      running = false;
    }
  };
  setInterval(run, periodMs);
  return run;
}
