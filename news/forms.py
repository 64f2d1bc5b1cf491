from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Comment


class CommentForm(forms.ModelForm):
    # A field people never see (hidden by CSS, skipped by screen readers); robots fill it in.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    class Meta:
        model = Comment
        fields = ["name", "email", "body"]
        labels = {"name": _("Your name"), "email": _("Your email"), "body": _("Your comment")}
        help_texts = {"email": _("Never shown; only the editors may write to you.")}
        widgets = {"body": forms.Textarea(attrs={"rows": 5, "maxlength": 3000})}

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if len(body) < 3:
            raise forms.ValidationError(_("Please write a little more."), code="short")
        return body
