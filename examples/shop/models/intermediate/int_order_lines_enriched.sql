select
    lines.order_line_id,
    lines.order_id,
    lines.sku,
    lines.product_line,
    products.product_name,
    lines.quantity,
    lines.unit_price,
    lines.quantity * lines.unit_price as line_amount
from {{ ref('stg_order_lines') }} as lines
left join {{ ref('stg_products') }} as products
    on lines.sku = products.sku
