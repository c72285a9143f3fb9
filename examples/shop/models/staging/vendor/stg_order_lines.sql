select
    order_line_id,
    order_id,
    sku,
    upper(split_part(sku, '-', 1)) as sku_prefix,
    case upper(split_part(sku, '-', 1))
    {%- for mapping in var('sku_product_lines') %}
        when '{{ mapping.prefix }}' then '{{ mapping.product_line }}'
    {%- endfor %}
    end as product_line,
    quantity,
    unit_price_cents / 100.0 as unit_price
from {{ source('vendor', 'order_lines') }}
