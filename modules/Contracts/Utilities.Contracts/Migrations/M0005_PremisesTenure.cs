using FluentMigrator;

namespace Utilities.Contracts.Migrations;

/// <summary>Social tenants owe no capital-repair contributions (Housing Code art. 169 p.1): the premises says how it is held.</summary>
[Migration(5, "contracts: the tenure of premises (ownership or social tenancy)")]
public sealed class M0005_PremisesTenure : Migration
{
    public override void Up() =>
        Alter.Table("premises").AddColumn("tenure").AsString(20).NotNullable().WithDefaultValue("ownership");

    public override void Down() => Delete.Column("tenure").FromTable("premises");
}
