using FluentMigrator;

namespace Utilities.Contracts.Migrations;

[Migration(4, "contracts: the stove of premises (electricity norms depend on it)")]
public sealed class M0004_PremisesStove : Migration
{
    public override void Up() =>
        Alter.Table("premises").AddColumn("stove").AsString(20).NotNullable().WithDefaultValue("gas");

    public override void Down() => Delete.Column("stove").FromTable("premises");
}
