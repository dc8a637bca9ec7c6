// "Show only if" in the survey editor: the questions of earlier steps, and their answers,
// offered as choices. The condition is still stored as a key and an answer code in the text
// boxes Wagtail draws (hidden here, each written by a select beside it), so definitions saved
// before keep working and the server still refuses a key or code that is not an earlier one.
// The wording comes from the JSON that surveys/wagtail_hooks.py puts on the editor pages.
(() => {
  "use strict";

  const CONDITION = /^(steps-\d+)-value-questions-\d+-value-show_if-(key|answer)$/;
  const QUESTION_OF = /-value-show_if-(key|answer)$/;
  const CHOICE_TYPES = new Set(["single_choice", "multiple_choice"]);
  const SCALE_TYPES = new Set(["rating", "nps"]);
  let words = null;

  const field = (name) => document.querySelector(`[name="${CSS.escape(name)}"]`);
  const valueOf = (name) => (field(name) ? field(name).value : "");
  const isLive = (prefix) => valueOf(`${prefix}-deleted`) !== "1";

  // The children of a stream or list (steps, questions, options), live ones, in their order.
  function children(prefix) {
    const pattern = new RegExp(`^${prefix}-(\\d+)-order$`);
    return [...document.querySelectorAll(`input[name^="${CSS.escape(prefix)}-"]`)]
      .filter((input) => pattern.test(input.name))
      .map((input) => `${prefix}-${input.name.match(pattern)[1]}`)
      .filter(isLive)
      .sort((a, b) => Number(valueOf(`${a}-order`)) - Number(valueOf(`${b}-order`)));
  }

  function agreement(question) {
    const points = valueOf(`${question}-value-points`) === "5" ? "5" : "4";
    const notApplicable = field(`${question}-value-not_applicable`);
    return [...words.agreement[points], ...(notApplicable && notApplicable.checked ? [words.not_applicable] : [])];
  }

  function answersOf(question, type) {
    if (CHOICE_TYPES.has(type)) {
      return children(`${question}-value-options`).map((option) => ({
        code: valueOf(`${option}-value-code`),
        label: valueOf(`${option}-value-label`),
      }));
    }
    if (type === "yes_no") return words.yes_no;
    if (type === "agreement" || type === "matrix") return agreement(question);
    if (SCALE_TYPES.has(type)) return words.scale;
    return [];
  }

  // Every answer key of the steps before `step`, with its wording and answers.
  function earlierQuestions(step) {
    const steps = children("steps");
    const targets = [];
    for (const earlier of steps.slice(0, steps.indexOf(step))) {
      for (const question of children(`${earlier}-value-questions`)) {
        const type = valueOf(`${question}-type`);
        const text = valueOf(`${question}-value-text`);
        const answers = answersOf(question, type);
        if (type === "matrix") {
          for (const statement of children(`${question}-value-statements`)) {
            const key = valueOf(`${statement}-value-key`);
            targets.push({ key, text: `${text}: ${valueOf(`${statement}-value-text`)}`, answers });
          }
        } else {
          targets.push({ key: valueOf(`${question}-value-key`), text, answers });
        }
      }
    }
    return targets.filter((target) => target.key);
  }

  function fill(select, choices, current, unknown) {
    select.replaceChildren(...choices.map(([value, text]) => new Option(text, value)));
    if (current && !choices.some(([value]) => value === current)) {
      const option = new Option(unknown.replace("%(value)s", current), current);
      option.dataset.unknown = "on";
      select.add(option);
    }
    select.value = current;
  }

  function refresh(select) {
    const input = document.getElementById(select.dataset.surveyBuilderFor);
    // The box's label names the select (Wagtail may draw the label after the box).
    const label = document.querySelector(`label[for="${CSS.escape(input.id)}"]`);
    if (label) label.htmlFor = select.id;
    const [, step, part] = input.name.match(CONDITION);
    const targets = earlierQuestions(step);
    if (part === "key") {
      const choices = targets.map((target) => [target.key, `${target.text || target.key} (${target.key})`]);
      fill(select, [["", words.always], ...choices], input.value, words.not_earlier);
      return;
    }
    const key = valueOf(input.name.replace(QUESTION_OF, "-value-show_if-key"));
    const target = targets.find((candidate) => candidate.key === key);
    const answers = target ? target.answers.map((answer) => [answer.code, `${answer.label} (${answer.code})`]) : [];
    fill(select, [["", words.no_answer], ...answers], input.value, words.not_an_answer);
  }

  function enhance(input) {
    if (input.dataset.surveyBuilder || !CONDITION.test(input.name)) return;
    input.dataset.surveyBuilder = "on";
    const select = document.createElement("select");
    select.id = `${input.id}-choice`;
    select.dataset.surveyBuilderFor = input.id;
    if (input.getAttribute("aria-describedby")) {
      select.setAttribute("aria-describedby", input.getAttribute("aria-describedby"));
    }
    input.hidden = true;
    input.after(select);
    refresh(select);
    select.addEventListener("focus", () => refresh(select));
    select.addEventListener("change", () => {
      input.value = select.value;
      input.dispatchEvent(new Event("change", { bubbles: true }));
      const answer = input.name.endsWith("-key") && document.getElementById(`${select.id.slice(0, -"-key-choice".length)}-answer-choice`);
      if (answer) {
        refresh(answer);
        // An answer of the question chosen before means nothing for this one.
        if (answer.selectedOptions[0] && answer.selectedOptions[0].dataset.unknown) {
          document.getElementById(answer.dataset.surveyBuilderFor).value = "";
          refresh(answer);
        }
      }
    });
  }

  function enhanceAll(root) {
    root.querySelectorAll('input[name*="-value-show_if-"]').forEach(enhance);
  }

  // Wagtail draws the blocks after the page loads, and again as blocks are added: new boxes
  // get their select, and every select not in use is brought up to date once per frame.
  let pending = false;
  function update() {
    pending = false;
    enhanceAll(document);
    document.querySelectorAll("select[data-survey-builder-for]").forEach((select) => {
      if (select !== document.activeElement) refresh(select);
    });
  }

  function start() {
    const data = document.getElementById("survey-builder-words");
    if (!data) return;
    words = JSON.parse(data.textContent);
    update();
    // Only Wagtail's own additions count: the selects' options changing must not start
    // another round.
    const drawn = (node) => node.nodeType === Node.ELEMENT_NODE && !["SELECT", "OPTION"].includes(node.nodeName);
    new MutationObserver((changes) => {
      if (pending || !changes.some((change) => [...change.addedNodes].some(drawn))) return;
      pending = true;
      requestAnimationFrame(update);
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
