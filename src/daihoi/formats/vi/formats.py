"""Vietnamese number format: Django's own ``vi`` formats give the decimal comma and the thousands
dot but no grouping size; thousands are grouped by three ("1.234.567")."""

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
