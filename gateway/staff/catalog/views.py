"""The catalog editor (admin only): the office and each service in both languages, checked on
every save, with the USSD screens the draft makes; publish, the versions kept, restore, export."""

import tomllib

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from sqlalchemy.orm import Session

from menus import CatalogError, parse_catalog
from menus.catalog import LANGUAGES
from menus.preview import preview
from menus.screen import SCREEN_LIMIT

from ...services import current_services
from ...store.catalog import versions
from ...web.login import log_access, login_required, t
from .drafts import EditError, discard, edit, publish_draft, restore, working
from .forms import form_values, new_key, office_from_form, service_from_form

bp = Blueprint("catalog", __name__, url_prefix="/staff/admin/catalog", template_folder="../templates")


@bp.get("")
@login_required(role="admin")
def overview():
    """The draft (or the version in force) with its problems and screens, and the versions kept."""
    services = current_services()
    with Session(services.database) as db:
        current, draft, kept = versions.latest(db), versions.draft(db), versions.published(db, 50)
        text = draft.toml if draft else current.toml if current else None
        try:
            shown = parse_catalog(text) if text else services.catalog
        except CatalogError:
            shown = None  # the draft's problems say why
        screens = {lang: preview(shown, services.texts, lang) for lang in LANGUAGES} if shown else {}
        return render_template("staff/catalog.html", data=tomllib.loads(text) if text else None,
                               current=current, draft=draft, versions=kept, screens=screens,
                               limit=SCREEN_LIMIT, serving=services.catalogs.number)


@bp.post("/office")
@login_required(role="admin")
def save_office():
    def change(data: dict) -> str:
        data["office"] = office_from_form(request.form)
        return "office"
    return _saved(change)


@bp.route("/services/<key>", methods=["GET", "POST"])
@login_required(role="admin")
def service(key: str):
    """One service's form, both languages side by side; saving checks the whole draft."""
    if request.method == "POST":
        def change(data: dict) -> str:
            _find(data, key)[0][_find(data, key)[1]] = service_from_form(request.form, key)
            return f"service {key}"
        return _saved(change)
    data = _working_data()
    services_list, index = _find(data, key)
    with Session(current_services().database) as db:
        draft = versions.draft(db)
        problems = [p for p in (draft.problem_list if draft else []) if f"'{key}'" in p or f" {key} " in p]
    return render_template("staff/catalog_service.html", values=form_values(services_list[index]), key=key,
                           number=index + 1, problems=problems, new=False)


@bp.route("/services/new", methods=["GET", "POST"])
@login_required(role="admin")
def add_service():
    if request.method == "GET":
        return render_template("staff/catalog_service.html", values={}, key="", number=None, problems=[],
                               new=True)
    key, problem = new_key(request.form.get("key", ""), [s.get("key") for s in _working_data()["service"]])
    if problem:
        flash(t(problem))
        return render_template("staff/catalog_service.html", values=request.form, key="", number=None,
                               problems=[], new=True), 400

    def change(data: dict) -> str:
        data["service"].append(service_from_form(request.form, key))
        return f"added {key}"
    return _saved(change)


@bp.post("/services/<key>/<action>")
@login_required(role="admin")
def arrange(key: str, action: str):
    """Move a service up or down the menu, or remove it."""
    if action not in ("up", "down", "remove"):
        abort(404)

    def change(data: dict) -> str:
        listing, index = _find(data, key)
        if action == "remove":
            listing.pop(index)
        else:
            other = index - 1 if action == "up" else index + 1
            if 0 <= other < len(listing):
                listing[index], listing[other] = listing[other], listing[index]
        return f"{action} {key}"
    return _saved(change)


@bp.post("/publish")
@login_required(role="admin")
def publish():
    services = current_services()
    try:
        number, summary = publish_draft(services, g.staff["username"])
    except EditError as exc:
        flash(t(exc.key))
        return redirect(url_for(".overview"))
    told = services.catalogs.published(number)
    note = t("catalog_published").format(number=number, summary=summary)
    flash(note if told else f"{note} {t('catalog_not_told')}")
    return redirect(url_for(".overview"))


@bp.post("/discard")
@login_required(role="admin")
def discard_draft():
    discard(current_services().database, g.staff["username"])
    flash(t("catalog_discarded"))
    return redirect(url_for(".overview"))


@bp.post("/versions/<int:number>/restore")
@login_required(role="admin")
def restore_version(number: int):
    services = current_services()
    try:
        new, summary = restore(services, number, g.staff["username"])
    except EditError as exc:
        flash(t(exc.key))
        return redirect(url_for(".overview"))
    services.catalogs.published(new)
    flash(t("catalog_published").format(number=new, summary=summary))
    return redirect(url_for(".overview"))


@bp.get("/versions/<int:number>/catalog.toml")
@login_required(role="admin")
def export(number: int):
    """The version's TOML, to download: the seed and export format."""
    with Session(current_services().database) as db, db.begin():
        row = versions.version(db, number)
        if row is None:
            abort(404)
        log_access(db, "catalog_export", f"v{number}")
        return Response(row.toml, mimetype="application/toml",
                        headers={"Content-Disposition": f'attachment; filename="catalog-v{number}.toml"'})


def _saved(change):
    services = current_services()
    try:
        checked = edit(services, g.staff["username"], change)
    except EditError as exc:
        flash(t(exc.key))
        return redirect(url_for(".overview"))
    flash(t("catalog_saved_ok") if checked.ok
          else t("catalog_saved_problems").format(count=len(checked.problems)))
    return redirect(url_for(".overview", _anchor="check"))


def _working_data() -> dict:
    try:
        return working(current_services().database).data()
    except EditError:
        abort(503, t("catalog_unavailable"))


def _find(data: dict, key: str) -> tuple[list, int]:
    listing = data.get("service", [])
    for index, service in enumerate(listing):
        if service.get("key") == key:
            return listing, index
    abort(404, f"no service {key} in the draft")
