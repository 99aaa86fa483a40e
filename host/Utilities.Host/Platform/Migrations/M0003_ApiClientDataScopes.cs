using FluentMigrator;

namespace Utilities.Host.Platform.Migrations;

/// <summary>An API client bound to the accounts of one supplier and/or one service (ADR 23); both null: all data.</summary>
[Migration(3, "platform: data scopes of api clients")]
public sealed class M0003_ApiClientDataScopes : Migration
{
    public override void Up() => Execute.Sql("""
        alter table platform.api_clients add column supplier_id bigint null, add column utility varchar(40) null;
        """);

    public override void Down() => Execute.Sql("alter table platform.api_clients drop column supplier_id, drop column utility;");
}
