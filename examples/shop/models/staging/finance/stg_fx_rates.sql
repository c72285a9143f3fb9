{#- The finance team's rates: on DuckDB their own database file, attached read-only for this
    model; on PostgreSQL their schema, read with a lock timeout so that their refresh makes this
    model fail fast rather than hold the nightly build. -#}
{%- if target.type == 'duckdb' %}
{{ config(
    pre_hook="attach if not exists '{{ var(\"fx_database\") }}' as fx (read_only)",
    post_hook=after_commit("detach database if exists fx")
) }}
{%- elif target.type == 'postgres' %}
{{ config(pre_hook="set local lock_timeout = '5s'") }}
{%- endif %}
{{ config(materialized='table') }}

select
    upper(currency) as currency,
    rate_to_eur
from {{ source('finance', 'rates') }}
