using FluentMigrator;

namespace Utilities.Host.Platform.Migrations;

/// <summary>API clients of integrators: scopes and the SHA-256 hash of their key, never the key (ADR 6).</summary>
[Migration(2, "platform: api clients")]
public sealed class M0002_ApiClients : Migration
{
    public override void Up()
    {
        Create.Table("api_clients")
            .WithColumn("id").AsInt64().PrimaryKey("pk_api_clients").Identity()
            .WithColumn("name").AsString(200).NotNullable()
            .WithColumn("key_prefix").AsString(32).NotNullable().Unique("ux_api_clients_key_prefix")
            .WithColumn("key_hash").AsBinary(32).NotNullable()
            .WithColumn("scopes").AsCustom("text[]").NotNullable()
            .WithColumn("created_at").AsDateTimeOffset().NotNullable()
            .WithColumn("created_by").AsString(100).NotNullable()
            .WithColumn("revoked_at").AsDateTimeOffset().Nullable()
            .WithColumn("revoked_by").AsString(100).Nullable()
            .WithColumn("last_used_at").AsDateTimeOffset().Nullable();
    }

    public override void Down() => Delete.Table("api_clients");
}
