using FluentMigrator;

namespace Utilities.Contracts.Migrations;

/// <summary>
/// Owners of premises, the history of consumers' contacts, the code that proves one holds an
/// account, consumer logins (cabinet and kiosk), one-time codes, accounts attached to a cabinet,
/// and the registered kiosk terminals.
/// </summary>
[Migration(2, "contracts: owners, contact history, attach codes, consumer logins, one-time codes, attachments, kiosk terminals")]
public sealed class M0002_IdentityAndHistory : Migration
{
    public override void Up()
    {
        Create.Table("premises_owners")
            .WithColumn("id").AsInt64().PrimaryKey("pk_premises_owners").Identity()
            .WithColumn("premises_id").AsInt64().NotNullable().ForeignKey("fk_premises_owners_premises", "premises", "id")
            .WithColumn("full_name").AsString(300).NotNullable()
            .WithColumn("share").AsString(20).Nullable();
        Create.Index("ix_premises_owners_premises").OnTable("premises_owners").OnColumn("premises_id");

        Alter.Table("consumers")
            .AddColumn("created_at").AsDateTimeOffset().NotNullable().WithDefault(SystemMethods.CurrentUTCDateTime);
        Execute.Sql("create index ix_consumers_email on contracts.consumers (lower(email)) where email is not null");
        Create.Index("ix_consumers_phone").OnTable("consumers").OnColumn("phone");
        Execute.Sql("create index ix_consumers_name on contracts.consumers (lower(full_name) text_pattern_ops)");

        Create.Table("consumer_contact_changes")
            .WithColumn("id").AsInt64().PrimaryKey("pk_consumer_contact_changes").Identity()
            .WithColumn("consumer_id").AsInt64().NotNullable().ForeignKey("fk_contact_changes_consumer", "consumers", "id")
            .WithColumn("kind").AsString(10).NotNullable()
            .WithColumn("old_value").AsString(320).Nullable()
            .WithColumn("new_value").AsString(320).Nullable()
            .WithColumn("changed_at").AsDateTimeOffset().NotNullable()
            .WithColumn("changed_by").AsString(100).NotNullable();
        Create.Index("ix_contact_changes_consumer").OnTable("consumer_contact_changes").OnColumn("consumer_id");

        Alter.Table("contracts")
            .AddColumn("termination_reason").AsString(500).Nullable()
            .AddColumn("created_at").AsDateTimeOffset().NotNullable().WithDefault(SystemMethods.CurrentUTCDateTime)
            .AddColumn("created_by").AsString(100).NotNullable().WithDefaultValue("system");
        Create.Index("ix_contracts_consumer").OnTable("contracts").OnColumn("consumer_id");
        Create.Index("ix_contracts_premises").OnTable("contracts").OnColumn("premises_id");

        // Printed on the contract and on every bill: account number + this code proves one holds the account.
        Alter.Table("personal_accounts").AddColumn("attach_code").AsString(12).Nullable();
        Execute.Sql("""
            update contracts.personal_accounts
               set attach_code = translate(upper(substr(md5(random()::text || id::text), 1, 8)), '0O1I', '7K9M');
            alter table contracts.personal_accounts alter column attach_code set not null;
            """);
        Create.Index("ix_personal_accounts_contract").OnTable("personal_accounts").OnColumn("contract_id");

        Create.Table("consumer_logins")
            .WithColumn("consumer_id").AsInt64().PrimaryKey("pk_consumer_logins").ForeignKey("fk_consumer_logins_consumer", "consumers", "id")
            .WithColumn("password_hash").AsString(200).Nullable()
            .WithColumn("kiosk_pin_hash").AsString(200).Nullable()
            .WithColumn("activated_at").AsDateTimeOffset().Nullable()
            .WithColumn("failed_attempts").AsInt32().NotNullable().WithDefaultValue(0)
            .WithColumn("locked_until").AsDateTimeOffset().Nullable()
            .WithColumn("security_stamp").AsGuid().NotNullable()
            .WithColumn("updated_at").AsDateTimeOffset().NotNullable();

        Create.Table("one_time_codes")
            .WithColumn("id").AsInt64().PrimaryKey("pk_one_time_codes").Identity()
            .WithColumn("purpose").AsString(30).NotNullable()
            .WithColumn("consumer_id").AsInt64().NotNullable().ForeignKey("fk_one_time_codes_consumer", "consumers", "id")
            .WithColumn("channel").AsString(10).NotNullable()
            .WithColumn("target").AsString(320).Nullable()
            .WithColumn("code_hash").AsString(200).NotNullable()
            .WithColumn("created_at").AsDateTimeOffset().NotNullable()
            .WithColumn("expires_at").AsDateTimeOffset().NotNullable()
            .WithColumn("used_at").AsDateTimeOffset().Nullable()
            .WithColumn("attempts").AsInt32().NotNullable().WithDefaultValue(0);
        Execute.Sql("create index ix_one_time_codes_open on contracts.one_time_codes (consumer_id, purpose) where used_at is null");

        Create.Table("cabinet_attachments")
            .WithColumn("id").AsInt64().PrimaryKey("pk_cabinet_attachments").Identity()
            .WithColumn("consumer_id").AsInt64().NotNullable().ForeignKey("fk_attachments_consumer", "consumers", "id")
            .WithColumn("account_id").AsInt64().NotNullable().ForeignKey("fk_attachments_account", "personal_accounts", "id")
            .WithColumn("attached_at").AsDateTimeOffset().NotNullable()
            .WithColumn("detached_at").AsDateTimeOffset().Nullable()
            .WithColumn("detached_by").AsString(20).Nullable();
        Execute.Sql("create unique index ux_cabinet_attachments_open on contracts.cabinet_attachments (consumer_id, account_id) where detached_at is null");
        Create.Index("ix_cabinet_attachments_account").OnTable("cabinet_attachments").OnColumn("account_id");

        Create.Table("kiosk_terminals")
            .WithColumn("id").AsInt64().PrimaryKey("pk_kiosk_terminals").Identity()
            .WithColumn("name").AsString(100).NotNullable()
            .WithColumn("token_hash").AsString(100).NotNullable().Unique("ux_kiosk_terminals_token")
            .WithColumn("registered_at").AsDateTimeOffset().NotNullable()
            .WithColumn("registered_by").AsString(100).NotNullable()
            .WithColumn("revoked_at").AsDateTimeOffset().Nullable()
            .WithColumn("last_seen_at").AsDateTimeOffset().Nullable();
    }

    public override void Down()
    {
        Delete.Table("kiosk_terminals");
        Delete.Table("cabinet_attachments");
        Delete.Table("one_time_codes");
        Delete.Table("consumer_logins");
        Delete.Index("ix_personal_accounts_contract").OnTable("personal_accounts");
        Delete.Column("attach_code").FromTable("personal_accounts");
        Delete.Index("ix_contracts_premises").OnTable("contracts");
        Delete.Index("ix_contracts_consumer").OnTable("contracts");
        Delete.Column("termination_reason").Column("created_at").Column("created_by").FromTable("contracts");
        Delete.Table("consumer_contact_changes");
        Execute.Sql("drop index contracts.ix_consumers_name; drop index contracts.ix_consumers_email");
        Delete.Index("ix_consumers_phone").OnTable("consumers");
        Delete.Column("created_at").FromTable("consumers");
        Delete.Table("premises_owners");
    }
}
