"""Assessment pages: question banks, a class's tests, taking a test on the phone (autosaved per answer with
htmx), the grading queue and the class's results (gains, item analysis, the pre/post chart).

Thin: scope through `access`, reads in `selectors`, writes in `services`, actions from `SITTING_WORKFLOW`.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bina.assessments import access, permissions, selectors, services
from bina.assessments.forms import BankImportForm, BlueprintForm, GradeForm
from bina.assessments.interchange import FormatError, gift_parse, moodle_xml_parse
from bina.assessments.services import TestsInput
from bina.assessments.workflows import SITTING_WORKFLOW
from bina.core.confirm import Confirmation, confirm_page, is_confirmed
from bina.core.http import AuthedRequest
from bina.core.notices import action_notice
from bina.core.views import FORM_ERRORS, add_service_error, page, require
from bina.reports.responses import download_response
from bina.training import facade

# --- banks ---------------------------------------------------------------------------------------


@page
def bank_list(request: AuthedRequest) -> HttpResponse:
    require(permissions.can_use_banks(request.actor), _("Question banks are kept by admins and instructors."))
    return render(request, "assessments/bank_list.html", {"banks": selectors.banks_list(request.actor)})


@page
@require_http_methods(["GET", "POST"])
def bank_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = request.actor
    course = access.get_bank_course_for_user(actor, pk)
    bank = selectors.bank_page(actor, course)
    comps = [(c_pk, f"{code} {name}") for c_pk, code, name in bank.competencies if c_pk]
    form = BankImportForm(request.POST or None, request.FILES or None, competencies=comps)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            code_of = {c_pk: code for c_pk, code, _name in bank.competencies if c_pk}
            try:
                items = (gift_parse if data["format"] == "gift" else moodle_xml_parse)(data["content"])
                for item in items:
                    # Untagged questions (GIFT has no tags) take the form's competency and difficulty.
                    if not item.competency_code and data.get("competency"):
                        item.competency_code = code_of.get(data["competency"], "")
                    if item.difficulty == "medium" and data["difficulty"] != "medium":
                        item.difficulty = data["difficulty"]
                added = services.bank_items_add(actor=actor, course=course, items=items, source=data["format"])
            except FormatError as exc:
                form.add_error(None, _("Question %(item)s: %(reason)s") % {"item": exc.item or "–", "reason": exc})
                status = 422
            except FORM_ERRORS as exc:
                add_service_error(form, exc)
                status = exc.status
            else:
                action_notice(request, _("%(n)s questions added to the bank.") % {"n": len(added)})
                return redirect("assessments:bank_detail", pk=course.pk)
        else:
            status = 422
    return render(request, "assessments/bank_detail.html", {"bank": bank, "form": form}, status=status)


@page
def bank_export(request: AuthedRequest, pk: int) -> HttpResponseBase:
    course = access.get_bank_course_for_user(request.actor, pk)
    return download_response(
        selectors.bank_moodle_xml(request.actor, course), filename=f"bank-{course.code}", fmt="xml", personal=False
    )


@page
@require_POST
def question_deactivate(request: AuthedRequest, pk: int) -> HttpResponse:
    question = access.get_question_for_user(request.actor, pk)
    services.question_deactivate(actor=request.actor, question=question)
    action_notice(request, _("The question is no longer drawn for new tests."), level="info")
    return redirect("assessments:bank_detail", pk=question.course_id)


# --- a class's tests -----------------------------------------------------------------------------


@page
@require_http_methods(["GET", "POST"])
def class_tests(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = request.actor
    klass = facade.get_class_for_user(actor, pk)
    data = selectors.class_tests(actor, klass)
    form = None
    status = 200
    if data.can_manage and not data.tests:
        form = BlueprintForm(request.POST or None, competencies=data.competencies, available=data.bank_size)
        if request.method == "POST":
            if form.is_valid():
                try:
                    services.tests_create(
                        actor=actor,
                        klass=klass,
                        data=TestsInput(form.blueprint(), form.cleaned_data["duration_minutes"], seed=klass.pk),
                    )
                except FORM_ERRORS as exc:
                    add_service_error(form, exc)
                    status = exc.status
                else:
                    action_notice(request, _("The pre-test and post-test were drawn from the bank."))
                    return redirect("assessments:class_tests", pk=klass.pk)
            else:
                status = 422
    elif request.method == "POST":
        require(False, _("This class already has its tests."))
    return render(request, "assessments/class_tests.html", {"data": data, "form": form}, status=status)


@page
@require_POST
def test_open_toggle(request: AuthedRequest, pk: int) -> HttpResponse:
    test = access.get_test_for_user(request.actor, pk)
    services.test_open_set(actor=request.actor, test=test, is_open=not test.is_open)
    return redirect("assessments:class_tests", pk=test.klass_id)


@page
def my_tests(request: AuthedRequest) -> HttpResponse:
    require(permissions.can_take_tests(request.actor), _("Tests are taken by the participants of a class."))
    return render(request, "assessments/my_tests.html", {"tests": selectors.my_tests(request.actor)})


@page
@require_POST
def test_start(request: AuthedRequest, pk: int) -> HttpResponse:
    test = access.get_test_for_user(request.actor, pk)
    try:
        sitting = services.test_start(actor=request.actor, test=test)
    except FORM_ERRORS as exc:
        action_notice(request, str(exc.message), level="error")
        return redirect("assessments:my_tests")
    return redirect("assessments:sitting_detail", pk=sitting.pk)


# --- taking a test -------------------------------------------------------------------------------


@page
def sitting_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    sitting = access.get_sitting_for_user(request.actor, pk)
    return render(request, "assessments/sitting.html", {"p": selectors.sitting_page(request.actor, sitting)})


@page
@require_POST
def sitting_answer(request: AuthedRequest, pk: int) -> HttpResponse:
    """Autosave one answer (htmx on change; a *Simpan* button without JavaScript). Answers the saved mark."""
    actor = request.actor
    sitting = access.get_sitting_for_user(actor, pk)
    try:
        question_id = int(request.POST.get("question", ""))
        choices = [int(c) for c in request.POST.getlist("choice")[:20]]
    except ValueError:
        question_id, choices = 0, []
    status, saved, message = 200, True, ""
    try:
        services.answer_save(
            actor=actor,
            sitting=sitting,
            question_id=question_id,
            choice_ids=choices,
            text=request.POST.get("text", "")[:20000],
        )
    except FORM_ERRORS as exc:
        status, saved, message = exc.status, False, str(exc.message)
    if not request.htmx:
        if not saved:
            action_notice(request, message, level="error")
        return redirect(reverse("assessments:sitting_detail", args=[pk]) + f"#q{question_id}")
    return render(
        request,
        "assessments/partials/_saved.html",
        {"saved": saved, "message": message, "at": timezone.now()},
        status=status,
    )


def _submit_confirmation(p: selectors.SittingPage) -> Confirmation:
    left = len(p.items) - p.answered
    return Confirmation(
        title=_("Submit the test?"),
        consequence=_("After submitting you cannot change your answers."),
        people=_("%(answered)s of %(total)s questions answered.") % {"answered": p.answered, "total": len(p.items)},
        button=_("Submit the test"),
        details=(_("%(n)s questions have no answer and count as wrong.") % {"n": left},) if left else (),
    )


@page
@require_POST
def sitting_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    """One page action of `SITTING_WORKFLOW` (`assessments:sitting_<action>`); a refusal is told on the page."""
    actor = request.actor
    sitting = access.get_sitting_for_user(actor, pk)
    back = reverse("assessments:sitting_detail", args=[pk])
    if SITTING_WORKFLOW.transition(action).confirm and not is_confirmed(request):
        SITTING_WORKFLOW.check(action, sitting, actor)
        return confirm_page(request, _submit_confirmation(selectors.sitting_page(actor, sitting)), back_url=back)
    try:
        done = services.sitting_act(actor=actor, sitting=sitting, action=action)
    except FORM_ERRORS as exc:
        action_notice(request, str(exc.message), level="error")
    else:
        action_notice(request, _("The test sitting is now: %(status)s.") % {"status": done.get_status_display()})
    return redirect(back)


# --- grading ---------------------------------------------------------------------------------------


@page
def grading_queue(request: AuthedRequest) -> HttpResponse:
    require(permissions.can_grade_anything(request.actor), _("Open answers are graded by the class's instructors."))
    answers = selectors.grading_queue(request.actor)
    return render(request, "assessments/grading.html", {"answers": answers, "form": GradeForm()})


@page
@require_POST
def answer_grade(request: AuthedRequest, pk: int) -> HttpResponse:
    answer = access.get_answer_for_grader(request.actor, pk)
    form = GradeForm(request.POST)
    if form.is_valid():
        try:
            services.answer_grade(actor=request.actor, answer=answer, score=form.cleaned_data["score"])
        except FORM_ERRORS as exc:
            action_notice(request, str(exc.message), level="error")
        else:
            action_notice(request, _("The answer is graded."))
    else:
        action_notice(request, _("Enter a score between 0 and the question's points."), level="error")
    return redirect("assessments:grading_queue")


# --- results -----------------------------------------------------------------------------------------


@page
def class_results(request: AuthedRequest, pk: int) -> HttpResponse:
    klass = facade.get_class_for_user(request.actor, pk)
    return render(request, "assessments/results.html", {"r": selectors.class_results(request.actor, klass)})
