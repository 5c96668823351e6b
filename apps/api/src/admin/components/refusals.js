import { ApiClient } from 'adminjs';

// The server answers a refused panel action with 403 and the usual body (a record with its errors and an error
// notice), so that a request made around the interface is plainly refused. AdminJS's client treats every non-2xx as a
// failure and would drop that body; here a refusal that carries a notice is handed back like any other answer, so the
// form keeps what the user typed and shows why. Loaded once with the component bundle, before the app renders.
const REFUSED = 403;

const keepRefusals = (method) => {
  const original = ApiClient.prototype[method];
  if (original.keepsRefusals) return;
  const wrapped = async function (...args) {
    try {
      return await original.apply(this, args);
    } catch (error) {
      if (error?.response?.status === REFUSED && error.response.data?.notice) return error.response;
      throw error;
    }
  };
  wrapped.keepsRefusals = true;
  ApiClient.prototype[method] = wrapped;
};

for (const method of ['resourceAction', 'recordAction', 'bulkAction']) keepRefusals(method);
