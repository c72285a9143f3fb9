{#- Fails for every row where the SQL expression is not true (column_name, if given, is prefixed). -#}
{% test expression_is_true(model, expression, column_name=None) %}
select *
from {{ model }}
where not ({{ column_name ~ ' ' if column_name }}{{ expression }})
{% endtest %}
