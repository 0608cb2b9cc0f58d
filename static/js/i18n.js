// The scripts' words: gettext's djangojs catalogue for the page's language, embedded by the
// template ({% js_catalogue %} in game/templatetags/catalogue.py). A string missing from it
// shows its English msgid. Extract with: manage.py makemessages -d djangojs -l fr -l en
const node = document.getElementById("catalogue");
const table = node ? JSON.parse(node.textContent) : {};
const rules = new Intl.PluralRules(document.documentElement.lang || "fr");

export function gettext(msgid) {
  const text = table[msgid];
  return typeof text === "string" ? text : Array.isArray(text) ? text[0] : msgid;
}

// fr and en have two forms: index 0 where the language's rule says "one" (fr: 0 and 1).
export function ngettext(singular, plural, n) {
  const one = rules.select(Number(n)) === "one";
  const forms = table[singular];
  if (Array.isArray(forms)) return forms[one ? 0 : forms.length - 1];
  return one ? singular : plural;
}

// "%(name)s" placeholders filled in from `values`.
export function interpolate(text, values = {}) {
  return text.replace(/%\((\w+)\)s/g, (_, name) => (name in values ? String(values[name]) : ""));
}
