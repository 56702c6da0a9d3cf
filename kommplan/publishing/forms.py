from django import forms


class PublishForm(forms.Form):
    """The state the strategy is to have: the page's one button sends the opposite of today's."""

    published = forms.BooleanField(required=False, widget=forms.HiddenInput)
