using Microsoft.Extensions.DependencyInjection;
using Utilities.Contracts.Retention;
using Utilities.Host.Tests.Infrastructure;

namespace Utilities.Host.Tests;

/// <summary>
/// Retention (issue 11): data is kept while a contract is in force; Contracts.RetentionYears (5) after
/// a consumer's last contract ended, their personal data is anonymised — and only then.
/// </summary>
public sealed class RetentionTests(HostFixture host) : IClassFixture<HostFixture>
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TestDatabase Db => host.Database;

    /// <summary>A consumer with one contract on the first free premises, terminated on <paramref name="terminated"/> (null: in force).</summary>
    private async Task<long> ConsumerAsync(string name, string email, DateOnly? terminated)
    {
        var consumer = await Db.ScalarAsync<long>($"insert into contracts.consumers (full_name, email, phone, created_at) values ('{name}', '{email}', '+79990000000', now()) returning id");
        var end = terminated is { } t ? $"date '{t:yyyy-MM-dd}'" : "null";
        await Db.ExecuteAsync($"""
            insert into contracts.contracts (number, consumer_id, premises_id, concluded_on, terminated_on, deemed, created_at, created_by)
            select 'RT-{consumer}', {consumer}, id, date '2015-01-01', {end}, false, now(), 'test' from contracts.premises order by id limit 1
            """);
        await Db.ExecuteAsync($"insert into contracts.consumer_contact_changes (consumer_id, kind, old_value, new_value, changed_at, changed_by) values ({consumer}, 'email', 'old@example.ru', '{email}', now(), 'test')");
        return consumer;
    }

    [Fact]
    public async Task Personal_data_is_anonymised_five_years_after_the_last_contract_ended_and_not_before()
    {
        var today = DateOnly.FromDateTime(DateTime.Today);
        var expired = await ConsumerAsync("Старов Пётр Ильич", "starov@example.ru", today.AddYears(-6));
        var recent = await ConsumerAsync("Новикова Анна Олеговна", "novikova@example.ru", today.AddYears(-1));
        var active = await ConsumerAsync("Живов Иван Петрович", "zhivov@example.ru", null);

        await using (var scope = host.Factory.Services.CreateAsyncScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<PersonalDataRetention>().AnonymiseAsync(Cancel) >= 1);

        Assert.Equal(PersonalDataRetention.AnonymousPrefix + expired, await Db.ScalarAsync<string>($"select full_name from contracts.consumers where id = {expired}"));
        Assert.True(await Db.ScalarAsync<bool>($"select email is null and phone is null from contracts.consumers where id = {expired}"));
        Assert.Equal(0L, await Db.ScalarAsync<long>($"select count(*) from contracts.consumer_contact_changes where consumer_id = {expired}"));
        Assert.Equal(1L, await Db.ScalarAsync<long>($"select count(*) from contracts.contracts where consumer_id = {expired}")); // the record stays, no longer anyone's
        Assert.Equal("Новикова Анна Олеговна", await Db.ScalarAsync<string>($"select full_name from contracts.consumers where id = {recent}"));
        Assert.Equal("zhivov@example.ru", await Db.ScalarAsync<string>($"select email from contracts.consumers where id = {active}"));
        Assert.Equal(1L, await Db.ScalarAsync<long>($"select count(*) from contracts.consumer_contact_changes where consumer_id = {recent}"));

        // Run again: nothing more to do, and the demo consumers (contracts in force) are untouched.
        await using (var scope = host.Factory.Services.CreateAsyncScope())
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<PersonalDataRetention>().AnonymiseAsync(Cancel));
        Assert.Equal(1L, await Db.ScalarAsync<long>("select count(*) from contracts.consumers where email = 'ivanov.sp@example.ru'"));
    }
}
