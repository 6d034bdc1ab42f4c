"""Form helpers every app may use."""

from __future__ import annotations

from django import forms


class HiddenInitialBoundField(forms.BoundField):
    """A field that also posts the value it was opened with (``show_hidden_initial``) renders that value as a
    hidden input; Django gives it the visible field's ``aria-describedby`` too, which HTML forbids on a hidden
    input (the Nu checker's error). Use as a form's ``bound_field_class``."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if (widget or self.field.widget).is_hidden:
            attrs.pop("aria-describedby", None)
        return attrs
