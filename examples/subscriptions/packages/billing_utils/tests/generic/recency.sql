{#- Fails when the newest value of field is older than interval datepart(s) before now. -#}
{% test recency(model, field, datepart, interval) %}
with newest as (
    select max({{ field }}) as most_recent
    from {{ model }}
)

select
    most_recent,
    {{ dbt.dateadd(datepart, interval * -1, dbt.current_timestamp()) }} as threshold
from newest
where most_recent is null
   or most_recent < {{ dbt.dateadd(datepart, interval * -1, dbt.current_timestamp()) }}
{% endtest %}
