using Utilities.Contracts.Generation;

namespace Utilities.Host.Tests;

/// <summary>The scale data generator without a database: names, requisites, determinism.</summary>
public sealed class ScaleDataGeneratorTests
{
    [Fact]
    public void Names_agree_in_gender_on_a_large_sample()
    {
        var random = new Random(11);
        var women = 0;
        var withYo = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var person = RussianNames.Next(random);
            NameAgreement.Assert(person.FullName);
            Assert.Equal(person.IsFemale, person.Patronymic.EndsWith("на", StringComparison.Ordinal));
            women += person.IsFemale ? 1 : 0;
            withYo += person.FullName.Contains('ё', StringComparison.Ordinal) ? 1 : 0;
        }

        Assert.InRange(women, 45_000, 63_000);
        Assert.True(withYo > 1_000);
    }

    [Theory]
    [InlineData("Иванов", "Иванова")]
    [InlineData("Фёдоров", "Фёдорова")]
    [InlineData("Соловьёв", "Соловьёва")]
    [InlineData("Ильин", "Ильина")]
    [InlineData("Троицкий", "Троицкая")]
    [InlineData("Толстой", "Толстая")]
    [InlineData("Шевченко", "Шевченко")]
    [InlineData("Черных", "Черных")]
    public void Feminine_surnames(string masculine, string feminine) =>
        Assert.Equal(feminine, RussianNames.FeminineSurname(masculine));

    [Fact]
    public void Every_surname_has_a_feminine_form_that_agrees()
    {
        foreach (var surname in RussianNames.Surnames)
        {
            NameAgreement.Assert($"{surname} Иван Петрович");
            NameAgreement.Assert($"{RussianNames.FeminineSurname(surname)} Анна Петровна");
        }

        Assert.Equal(RussianNames.Surnames.Length, RussianNames.Surnames.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void E_mail_addresses_are_transliterated()
    {
        Assert.Equal("fedorova", Transliteration.ToLatin("Фёдорова"));
        Assert.Equal("shchukin", Transliteration.ToLatin("Щукин"));
        Assert.Equal("soloveva", Transliteration.ToLatin("Соловьёва"));
    }

    [Fact]
    public void The_same_seed_gives_the_same_data_and_another_seed_other_data()
    {
        var a = ScaleDataGenerator.Generate(5_000, 42);
        var b = ScaleDataGenerator.Generate(5_000, 42);
        var c = ScaleDataGenerator.Generate(5_000, 43);

        Assert.Equal(a.Flats, b.Flats);
        Assert.Equal(a.Buildings, b.Buildings);
        Assert.NotEqual(a.Flats.Select(f => f.Holder.FullName), c.Flats.Select(f => f.Holder.FullName));
        Assert.Equal(5_000, a.Flats.Select(f => f.PayerCode).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(5_000, a.Flats.Select(f => f.Phone).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(a.Buildings.Count, a.Buildings.Select(x => x.Address).Distinct(StringComparer.Ordinal).Count());
        Assert.All(a.Buildings, x => Assert.InRange(x.FlatCount, 8, 400));
        Assert.Equal(5_000, a.Buildings.Sum(x => x.FlatCount));
    }

    [Fact]
    public void Organisations_have_well_formed_requisites()
    {
        foreach (var o in ScaleDataGenerator.Generate(10, 1).Organisations)
        {
            Assert.Matches("^[0-9]{9}$", o.Bic);
            Assert.True(BankDetails.KeyIsValid(o.Bic, o.SettlementAccount), o.SettlementAccount);
            Assert.True(BankDetails.KeyIsValid(o.Bic, o.CorrespondentAccount, correspondent: true), o.CorrespondentAccount);
            Assert.Equal(o.Inn, BankDetails.Inn(o.Inn[..9]));
        }
    }
}
