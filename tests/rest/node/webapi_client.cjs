#!/usr/bin/env node
// SuperOffice's own JavaScript client (@superoffice/webapi) against a running soapsvc.
//
//   node webapi_client.cjs BASE TENANT        (env SO_USER, SO_PASSWORD: Basic; SO_TICKET: SOTicket)
//
// It does what an integration does with the library: the Agents API (ContactAgent, PersonAgent,
// ArchiveAgent) and the WebAPI entities (ContactRestApi, PersonRestApi), and prints ONE JSON document
// of what it sent and what the library made of each answer, for tests/rest/test_webapi_client.py to
// compare. In that document a Date is {"$date": ISO} ({"$date": "Invalid"} when the library could not
// parse it) and a property the library's converter read as undefined (soapsvc did not send it, or sent
// it with other casing) is "$undefined". A call that throws is {"$error": status, "data": body}.
// Run it with TZ=UTC: the library reads NetServer's zone-less dates as local times.
'use strict';

const so = require('@superoffice/webapi');
// The library keeps the options of the first agent made as global defaults for the agents made after it
// (the second one would send the first one's credentials): each agent below gets its own config object.
require('@superoffice/webapi/WebApiBase.js').WebApiBase._global_options = undefined;

const [base, tenant] = process.argv.slice(2);
if (!base || !tenant || !process.env.SO_USER || !process.env.SO_TICKET) {
  console.error('usage: SO_USER=.. SO_PASSWORD=.. SO_TICKET=.. node webapi_client.cjs BASE TENANT');
  process.exit(2);
}
const apiUrl = `${base.replace(/\/$/, '')}/${tenant}/api/`;
const basic = () => ({ baseUrl: apiUrl, axiosConfig: { auth: { username: process.env.SO_USER, password: process.env.SO_PASSWORD ?? '' } } });
const ticket = () => ({ baseUrl: apiUrl, axiosConfig: { headers: { Authorization: `SOTicket ${process.env.SO_TICKET}` } } });

function plain(v) {
  if (v === undefined) return '$undefined';
  if (v instanceof Date) return { $date: isNaN(v) ? 'Invalid' : v.toISOString() };
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

async function attempt(fn) {
  try {
    return plain(await fn());
  } catch (e) {
    if (!e.response) throw e;
    return { $error: e.response.status, data: e.response.data ?? null };
  }
}

const stamp = Date.now().toString(36);
const emails = (...pairs) => pairs.map(([value, description]) => ({ value, description }));

async function main() {
  const out = { node: process.version, tz: Intl.DateTimeFormat().resolvedOptions().timeZone, started: new Date().toISOString() };

  // --- log in: Basic user:password and SOTicket, and a wrong password ---
  out.login = {
    basic: await attempt(() => new so.PersonAgent(basic()).getMyPersonAsync()),
    ticket: await attempt(() => new so.PersonAgent(ticket()).getMyPersonAsync()),
    wrong: await attempt(() => new so.PersonAgent({ baseUrl: apiUrl, axiosConfig: { auth: { username: process.env.SO_USER, password: 'wrong' } } }).getMyPersonAsync()),
  };

  // --- ContactAgent (Basic): default -> set fields -> save -> get ---
  const contacts = new so.ContactAgent(basic());
  const contact = await contacts.createDefaultContactEntityAsync();
  out.contactDefault = plain(contact);
  const contactSent = {
    name: `Node Client ${stamp} AS`, department: 'Integrations', orgNr: '987654321', number2: `N2-${stamp}`,
    phones: emails(['+47 22 33 44 55', 'Switchboard'], ['+47 99 88 77 66', 'Support']),
    emails: emails([`post.${stamp}@node-client.example`, 'Post']),
    urls: emails(['https://node-client.example', 'Web']),
  };
  Object.assign(contact, contactSent);
  const contactSaved = await contacts.saveContactEntityAsync(contact);
  out.contact = {
    sent: contactSent, saved: plain(contactSaved),
    got: await attempt(() => contacts.getContactEntityAsync(contactSaved.contactId)),
    missing: await attempt(() => contacts.getContactEntityAsync(987654321)),
  };

  // --- PersonAgent (SOTicket): default -> set fields, on the saved contact -> save -> get ---
  const persons = new so.PersonAgent(ticket());
  const person = await persons.createDefaultPersonEntityAsync();
  out.personDefault = plain(person);
  const personSent = {
    firstname: 'Ada', middleName: 'Node', lastname: `Client ${stamp}`, title: 'Integrator',
    birthDate: new Date(Date.UTC(1985, 4, 17)),
    emails: emails([`ada.${stamp}@node-client.example`, 'Work'], [`ada.${stamp}@home.example`, 'Home']),
    mobilePhones: emails(['+47 41 00 00 01', 'Mobile']),
  };
  Object.assign(person, personSent, { contact: { contactId: contactSaved.contactId, name: contactSaved.name } });
  const personSaved = await persons.savePersonEntityAsync(person);
  out.person = {
    sent: plain({ ...personSent, contact: { contactId: contactSaved.contactId } }), saved: plain(personSaved),
    got: await attempt(() => persons.getPersonEntityAsync(personSaved.personId)),
  };

  // --- ArchiveAgent (Basic): the saved contact and person by id ---
  const archive = new so.ArchiveAgent(basic());
  out.archive = {
    contact: await attempt(() => archive.getArchiveListByColumnsAsync('SimpleContact', ['contactId', 'name', 'department', 'orgNr'],
      [{ name: 'contactId', direction: 'ASC' }], [{ name: 'contactId', operator: '=', values: [String(contactSaved.contactId)], isActive: true }],
      [], 0, 10)),
    person: await attempt(() => archive.getArchiveListByColumnsAsync('SimplePerson', ['personId', 'firstname', 'lastname', 'contactId'],
      [], [{ name: 'personId', operator: '=', values: [String(personSaved.personId)], isActive: true }], [], 0, 10)),
  };

  // --- the WebAPI entities: ContactRestApi (SOTicket), PersonRestApi (Basic) ---
  const contactRest = new so.ContactRestApi(ticket());
  const restDefault = await contactRest.getDefaultAsync();
  const restSent = { name: `Rest Client ${stamp} AS`, department: 'REST', orgNr: '123456789', number2: `R2-${stamp}`,
    phones: emails(['+47 11 11 11 11', 'Main']), emails: emails([`rest.${stamp}@node-client.example`, 'Rest']) };
  const posted = await contactRest.postAsync({ ...restDefault, ...restSent });
  const putSent = { department: 'REST put', number2: `P2-${stamp}` };
  const put = await contactRest.putByIdAsync(posted.contactId, { ...posted, ...putSent });
  const patchOps = [{ op: 'replace', path: '/Department', value: 'REST patched' }, { op: 'add', path: '/Emails/-', value: { Value: `patch.${stamp}@node-client.example`, Description: 'Patch' } }];
  const patched = await contactRest.patchByIdAsync(posted.contactId, patchOps);
  const merged = await contactRest.patchByIdAsync(posted.contactId, { orgNr: '555666777' });
  out.contactRest = {
    default: plain(restDefault), sent: restSent, posted: plain(posted), putSent, put: plain(put), patchOps,
    patched: plain(patched), merged: plain(merged), got: await attempt(() => contactRest.getByIdAsync(posted.contactId)),
    deleted: await attempt(() => contactRest.deleteByIdAsync(posted.contactId)),
    afterDelete: await attempt(() => contactRest.getByIdAsync(posted.contactId)),
  };

  const personRest = new so.PersonRestApi(basic());
  const personDefault = await personRest.getDefaultAsync();
  const personRestSent = { firstname: 'Grace', lastname: `Rest ${stamp}`, birthDate: new Date(Date.UTC(1990, 11, 9)),
    emails: emails([`grace.${stamp}@node-client.example`, 'Work']) };
  const personPosted = await personRest.postAsync({ ...personDefault, ...personRestSent, contact: { contactId: contactSaved.contactId } });
  const personPutSent = { title: 'Admiral', middleName: 'Rest' };
  const personPut = await personRest.putByIdAsync(personPosted.personId, { ...personPosted, ...personPutSent });
  const personPatched = await personRest.patchByIdAsync(personPosted.personId, [{ op: 'replace', path: '/Firstname', value: 'Grace B.' }]);
  out.personRest = {
    default: plain(personDefault), sent: plain({ ...personRestSent, contact: { contactId: contactSaved.contactId } }),
    posted: plain(personPosted), putSent: personPutSent, put: plain(personPut), patched: plain(personPatched),
    got: await attempt(() => personRest.getByIdAsync(personPosted.personId)),
    deleted: await attempt(() => personRest.deleteByIdAsync(personPosted.personId)),
    afterDelete: await attempt(() => personRest.getByIdAsync(personPosted.personId)),
  };
  out.finished = new Date().toISOString();
  process.stdout.write(JSON.stringify(out, null, 1) + '\n');
}

main().catch((e) => {
  const where = e.config ? ` (${e.config.method?.toUpperCase()} ${e.config.baseURL ?? ''}${e.config.url})` : '';
  console.error(`webapi_client: ${e.constructor?.name}: ${e.message}${where}` + (e.response ? ` -> ${e.response.status} ${JSON.stringify(e.response.data)}` : ''));
  console.error(e.stack);
  process.exit(1);
});
