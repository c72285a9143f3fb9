#!/bin/sh
# A scripted engineer in the coding agent's place (medic.runner.agent.kind=command), for the
# PostgreSQL nights: it reads the prompt on stdin and makes the change a person would for the two
# AGENT scenarios it knows, in the sandbox's working copy. Pipeline Medic verifies it with dbt like
# any agent's change; anything else it leaves alone, and the attempt then fails verification.
prompt=$(cat)
case "$prompt" in
  *model.shop.int_order_lines_enriched*)
    # the payment method's join repeats the lines of an order paid in two parts: drop it
    sed -i '/payments/d' models/intermediate/int_order_lines_enriched.sql
    echo "Dropped the join to stg_payments, which repeated the lines of orders paid in parts." ;;
  *model.shop.stg_customers*)
    sed -i 's/customers\.email,/customers.email_address as email,/' models/marts/dim_customers.sql
    echo "dim_customers selects email_address as email after its rename in stg_customers." ;;
  *)
    echo "No change: not a failure this script knows." ;;
esac
