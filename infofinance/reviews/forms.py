from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from infofinance.text.search_text import fold

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
        fields = ["rating", "comment", "author_alias"]
        labels = {
            "comment": _("Your comment"),
            "author_alias": _("Name shown with your review (optional)"),
        }
        help_texts = {
            "comment": _("At most 200 words. Plain text."),
            "author_alias": _(
                "Leave it empty to show only your initials. Choose a pseudonym rather than your "
                "name: your complaints are also shown with your initials."
            ),
        }
        widgets = {"comment": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_author_alias(self):
        alias = " ".join(self.cleaned_data.get("author_alias", "").split())
        user = self.user
        if alias and user is not None:
            own = {getattr(user, "display_name", ""), user.get_full_name()}
            if fold(alias) in {fold(name) for name in own if name.strip()}:
                raise forms.ValidationError(
                    _(
                        "This is your own name: it would show who you are. Leave the field "
                        "empty (your initials are shown) or choose a pseudonym."
                    )
                )
        return alias

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
