// The page's JSON endpoints under /modeler/api, with the session cookie and the CSRF token
// the page was rendered with. Errors carry the HTTP status and the problem+json body.
const csrfToken = document.querySelector('meta[name="_csrf"]')?.content;
const csrfHeader = document.querySelector('meta[name="_csrf_header"]')?.content;

class ApiError extends Error {
  constructor(status, body) {
    super((body && (body.detail || body.title)) || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

async function send(path, init = {}) {
  const headers = new Headers(init.headers || {});
  if (init.method && init.method !== 'GET' && csrfToken && csrfHeader) {
    headers.set(csrfHeader, csrfToken);
  }
  if (!headers.has('Accept')) {
    headers.set('Accept', 'application/json, application/problem+json');
  }
  const response = await fetch(path, { ...init, headers, credentials: 'same-origin' });
  // an ended session is answered with the login page, not with JSON
  if (response.redirected && /\/login/.test(response.url)) {
    throw new ApiError(401, { detail: 'Your session has ended: reload the page and sign in again (save your diagram first).' });
  }
  if (!response.ok) {
    let body = null;
    try {
      body = await response.json();
    } catch (err) {
      body = null;
    }
    throw new ApiError(response.status, body);
  }
  return response;
}

export const api = {
  async getJson(path) {
    return (await send(path)).json();
  },
  async getText(path) {
    return (await send(path, { headers: { Accept: 'application/xml, application/problem+json' } })).text();
  },
  async postJson(path, body) {
    return (await send(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body)
    })).json();
  },
  async postForm(path, form) {
    return (await send(path, { method: 'POST', body: form })).json();
  }
};
