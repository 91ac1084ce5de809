// newsweave pages: light enhancements only; every page works without this file.
// No innerHTML anywhere: text from the store is scraped, so it is set as text.
"use strict";

function el(tag, text, attrs) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
  return node;
}

function showAddResult(box, status, body) {
  box.replaceChildren();
  if (status >= 400) {
    box.append(el("p", body.error || "the upload failed (" + status + ")", { class: "error" }));
    return;
  }
  box.append(el("p", body.new + " new, " + body.duplicate + " already stored, " +
    body.rejected + " rejected", { class: "summary" }));
  const list = el("ul", null, { class: "added" });
  for (const article of body.articles) {
    const item = el("li");
    item.append(el("a", article.title || "(untitled)",
      { href: "/api/articles/" + encodeURIComponent(article.id), class: "added-article" }));
    if (article.story_id) {
      item.append(" · ");
      item.append(el("a", "its story", { href: "/api/stories/" + encodeURIComponent(article.story_id) }));
    }
    list.append(item);
  }
  for (const rejection of body.rejections) {
    list.append(el("li", "rejected " + rejection.source + ": " + rejection.reason +
      " (" + rejection.detail + ")", { class: "rejected" }));
  }
  box.append(list);
}

function wireAddForm() {
  const form = document.getElementById("add-form");
  const box = document.getElementById("add-result");
  if (!form || !box) return;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    box.replaceChildren(el("p", "adding…"));
    try {
      const response = await fetch(form.action, { method: "POST", body: new FormData(form) });
      let body;
      try { body = await response.json(); } catch (e) { body = { error: "the server's answer was not JSON" }; }
      showAddResult(box, response.status, body);
      if (response.ok) form.reset();
    } catch (e) {
      showAddResult(box, 599, { error: "could not reach the server: " + e });
    } finally {
      button.disabled = false;
    }
  });
}

function wireOutletFilter() {
  const select = document.getElementById("outlet-filter");
  if (select && select.form) select.addEventListener("change", () => select.form.submit());
}

document.addEventListener("DOMContentLoaded", () => {
  wireAddForm();
  wireOutletFilter();
});
