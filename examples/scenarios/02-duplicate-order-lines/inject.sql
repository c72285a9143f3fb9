-- The vendor's last file was loaded twice: 40 order lines arrive a second time.
insert into raw_vendor.order_lines
select * from raw_vendor.order_lines where order_line_id between 101 and 140;
