from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import MAX_WORDS, Review


class ReviewForm(forms.ModelForm):
    rating = forms.TypedChoiceField(
        coerce=int,
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
        label=_("Your rating (1 to 5)"),
    )

    class Meta:
        model = Review
        fields = ["rating", "comment"]
        labels = {"comment": _("Your comment")}
        help_texts = {"comment": _("At most 200 words. Plain text.")}
        widgets = {"comment": forms.Textarea(attrs={"rows": 6})}

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        words = len(comment.split())
        if words > MAX_WORDS:
            raise forms.ValidationError(
                ngettext(
                    "Your comment has %(words)s word; at most %(max)s are allowed.",
                    "Your comment has %(words)s words; at most %(max)s are allowed.",
                    words,
                )
                % {"words": words, "max": MAX_WORDS}
            )
        return comment
