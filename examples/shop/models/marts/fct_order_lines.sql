select
    order_line_id,
    order_id,
    sku,
    product_line,
    product_name,
    quantity,
    line_amount
from {{ ref('int_order_lines_enriched') }}
