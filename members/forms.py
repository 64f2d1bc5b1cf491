from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import privacy

from .models import Association, MembershipApplication


class MembershipApplicationForm(forms.ModelForm):
    # Honeypot: hidden from people (CSS and aria-hidden), filled in by naive bots.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)
    consent = forms.BooleanField(
        label=_(
            "I agree that the union processes the personal data in this form to review my "
            "application, under Decree 13/2023/NĐ-CP on personal data protection."
        ),
        required=True,
        error_messages={
            "required": _("Please give your consent: we cannot review the application without it.")
        },
    )

    class Meta:
        model = MembershipApplication
        fields = [
            "association",
            "full_name",
            "email",
            "phone",
            "birth_year",
            "occupation",
            "motivation",
            "consent",
        ]
        widgets = {"motivation": forms.Textarea(attrs={"rows": 5, "maxlength": 2000})}
        # Django's own Vietnamese messages for these are missing or awkward.
        error_messages = {
            "association": {
                "invalid_choice": _("Choose one of the associations in the list."),
                "required": _("Choose an association."),
            },
            "birth_year": {"invalid": _("Enter the year as a number, e.g. 1985.")},
            "email": {"invalid": _("Enter a valid email address, e.g. name@example.com.")},
            "full_name": {"required": _("Please enter your full name.")},
            "motivation": {"required": _("Please tell us why you would like to join.")},
        }
        help_texts = {
            "email": _("An email address or a phone number, so that we can answer you."),
            "motivation": _("Why would you like to join? (up to 2,000 characters)"),
        }

    def __init__(self, *args, union=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = Association.objects.filter(status=Association.Status.ACTIVE)
        if union is not None:
            queryset = queryset.filter(union=union)
        self.fields["association"].queryset = queryset.order_by("name")
        self.fields["association"].empty_label = _("Choose an association")
        self.fields["birth_year"].widget.attrs.update({"inputmode": "numeric"})
        self.fields["full_name"].widget.attrs.update({"autocomplete": "name"})
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel"})
        self.fields["motivation"].required = True

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        this_year = timezone.localdate().year
        if year is not None and not (1900 <= year <= this_year - 14):
            raise forms.ValidationError(
                _("Enter a year of birth between 1900 and %(last)s."),
                params={"last": this_year - 14},
            )
        return year

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "").strip()
        digits = [c for c in phone if c.isdigit()]
        if phone and (len(digits) < 8 or any(c not in "0123456789 +.-()" for c in phone)):
            raise forms.ValidationError(_("Enter a phone number of at least 8 digits."))
        return phone

    def clean(self):
        cleaned = super().clean()
        privacy.check_notice_version(self)
        if not cleaned.get("email") and not cleaned.get("phone"):
            raise forms.ValidationError(
                _("Give an email address or a phone number, so that we can answer you.")
            )
        return cleaned

    @property
    def notice_version(self):
        return privacy.notice_version()

    def save(self, commit=True):
        privacy.record_consent(self.instance)
        return super().save(commit=commit)

    @property
    def is_spam(self):
        return bool(self.data.get("website"))
