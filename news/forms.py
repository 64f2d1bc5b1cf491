from django import forms
from django.utils.translation import gettext_lazy as _

from portal import privacy

from .models import Comment


class CommentForm(forms.ModelForm):
    # A field people never see (hidden by CSS, skipped by screen readers); robots fill it in.
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    consent = forms.BooleanField(
        label=_(
            "I agree that the union keeps my name, email address and comment to moderate and "
            "publish it, as the privacy notice explains (Decree 13/2023/NĐ-CP)."
        ),
        required=True,
        error_messages={
            "required": _("Please give your consent: we cannot accept the comment without it.")
        },
    )

    class Meta:
        model = Comment
        fields = ["name", "email", "body"]
        labels = {"name": _("Your name"), "email": _("Your email"), "body": _("Your comment")}
        help_texts = {"email": _("Never shown; only the editors may write to you.")}
        widgets = {"body": forms.Textarea(attrs={"rows": 5, "maxlength": 3000})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model allows an empty address (emptied after its retention period); a new
        # comment needs one.
        self.fields["email"].required = True

    def clean(self):
        cleaned = super().clean()
        privacy.check_notice_version(self)
        return cleaned

    @property
    def notice_version(self):
        return privacy.notice_version()

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if len(body) < 3:
            raise forms.ValidationError(_("Please write a little more."), code="short")
        return body
