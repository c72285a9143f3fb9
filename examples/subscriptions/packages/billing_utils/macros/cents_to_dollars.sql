{#- An integer amount in cents as dollars with two decimals. -#}
{% macro cents_to_dollars(column_name, scale=2) -%}
    cast({{ column_name }} / 100.0 as decimal(16, {{ scale }}))
{%- endmacro %}
