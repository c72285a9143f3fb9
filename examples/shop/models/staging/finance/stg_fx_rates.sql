{{ config(
    materialized='table',
    pre_hook="attach if not exists '{{ var(\"fx_database\") }}' as fx (read_only)",
    post_hook=after_commit("detach database if exists fx")
) }}

select
    upper(currency) as currency,
    rate_to_eur
from {{ source('finance', 'rates') }}
