using FluentMigrator;

namespace Utilities.Contracts.Migrations;

/// <summary>
/// What the back office needs to conclude contracts: sequences for account and contract numbers
/// (starting above what is already there), an idempotency key per concluded contract (a double
/// submit finds the first one), and prefix indexes for the search box (e-mail, contract number,
/// name with "ё" folded to "е").
/// </summary>
[Migration(3, "contracts: number sequences, idempotency key, search indexes")]
public sealed class M0003_OfficeContracts : Migration
{
    public override void Up()
    {
        Execute.Sql("""
            create sequence contracts.account_number_seq;
            select setval('contracts.account_number_seq',
                greatest(1000000, coalesce((select max(number::bigint) from contracts.personal_accounts where number ~ '^[0-9]{1,18}$'), 0)));
            create sequence contracts.contract_number_seq;
            create sequence contracts.payer_code_seq;
            select setval('contracts.payer_code_seq',
                greatest(500000, coalesce((select max(substring(payer_code from '([0-9]{1,12})$')::bigint) from contracts.premises), 0)));
            alter table contracts.contracts add column idempotency_key uuid null;
            create unique index ux_contracts_idempotency_key on contracts.contracts (idempotency_key) where idempotency_key is not null;
            create index ix_consumers_email_prefix on contracts.consumers (lower(email) text_pattern_ops) where email is not null;
            create index ix_contracts_number_prefix on contracts.contracts (upper(number) text_pattern_ops);
            create index ix_consumers_name_folded on contracts.consumers (replace(lower(full_name), 'ё', 'е') text_pattern_ops);
            """);
    }

    public override void Down()
    {
        Execute.Sql("""
            drop index contracts.ix_consumers_name_folded;
            drop index contracts.ix_contracts_number_prefix;
            drop index contracts.ix_consumers_email_prefix;
            drop index contracts.ux_contracts_idempotency_key;
            alter table contracts.contracts drop column idempotency_key;
            drop sequence contracts.payer_code_seq;
            drop sequence contracts.contract_number_seq;
            drop sequence contracts.account_number_seq;
            """);
    }
}
