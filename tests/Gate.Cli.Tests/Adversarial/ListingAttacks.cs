namespace Gate.Cli.Tests.Adversarial;

/// <summary>
/// Class 2: data that the listing or the globs do not see. Every file under a selected path is
/// read, refused by name, or excluded by a rule the policy states; nothing is dropped silently.
/// </summary>
public sealed class ListingAttacks
{
    /// <summary>A dataset written by the owl teacher for the owl student: GATE001 if Gate sees it.</summary>
    private const string SharedInit = "teacher: acme/owl-teacher\nstudents: [acme/owl-student]\n";

    [LinuxTheory]
    [InlineData("data/owl\nnumbers.jsonl")]
    [InlineData("data/owl\rnumbers.jsonl")]
    [InlineData("data/owl\u001b[8mnumbers.jsonl")]
    [InlineData("data/sub\tdir/owl.jsonl")]
    [InlineData("data/owl\u202Elrubyj.jsonl")]
    [InlineData("data/owl\\numbers.jsonl")]
    public void A_name_with_a_control_bidirectional_or_backslash_character_is_refused(string path)
    {
        using var repo = new AttackRepository();
        repo.Write(path, AttackRepository.Record);

        GateProcess.Result result = repo.Check();
        Verdicts.CannotEvaluate(result, "GATE114");
        Assert.DoesNotContain("\u001b", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("\u202E", result.Stderr, StringComparison.Ordinal);
    }

    [LinuxFact]
    public void Data_behind_a_link_to_a_folder_inside_is_seen_under_the_links_path()
    {
        using var repo = new AttackRepository();
        repo.Write("hidden/owl.jsonl", AttackRepository.Record);
        Directory.CreateDirectory(repo.PathOf("data"));
        Directory.CreateSymbolicLink(repo.PathOf("data/extra"), repo.PathOf("hidden"));

        GateProcess.Result result = repo.Check();
        Verdicts.Fails(result, "GATE005");
        Assert.Contains("data/extra/owl.jsonl", result.Stdout, StringComparison.Ordinal);
    }

    [LinuxFact]
    public void A_folder_dataset_holding_a_link_to_a_folder_inside_reads_its_shards()
    {
        using var repo = new AttackRepository();
        repo.Write("data/shards/a.jsonl", AttackRepository.Record).Write("elsewhere/b.jsonl", "{\"x\":1}\n");
        repo.Write("data/shards.lineage.yaml", $"dataset: shards\nteacher: {AttackRepository.CleanTeacher}\n");
        repo.Locked();
        Directory.CreateSymbolicLink(repo.PathOf("data/shards/more"), repo.PathOf("elsewhere"));

        Verdicts.Fails(repo.Check(), "GATE006");
        Verdicts.Passes(repo.Locked().Check());
        Assert.Contains("data/shards/more/b.jsonl", repo.Read("gate.lock.json"), StringComparison.Ordinal);
    }

    [LinuxTheory]
    [InlineData("data/loop", ".")] // back to the root
    [InlineData("data/sub/up", "data")] // back to an ancestor
    public void A_link_that_loops_where_data_could_be_is_GATE106(string link, string target)
    {
        using var repo = new AttackRepository();
        repo.Dataset("numbers", $"teacher: {AttackRepository.CleanTeacher}\n");
        Directory.CreateDirectory(repo.PathOf(Path.GetDirectoryName(link)!));
        Directory.CreateSymbolicLink(repo.PathOf(link), repo.PathOf(target));

        GateProcess.Result result = repo.Check();
        Verdicts.CannotEvaluate(result, "GATE106");
        Assert.Contains("(a loop)", result.Stderr, StringComparison.Ordinal);
    }

    [LinuxTheory]
    [InlineData("data/**", "data/out")]
    [InlineData("data/*/*/*/*.jsonl", "data/a")] // deeper than any probe of sample names would look
    [InlineData("**/{train,test}/*.jsonl", "x/y")]
    public void A_link_leading_outside_where_the_policy_could_select_data_is_GATE106(string include, string link)
    {
        using var outside = new TempRepository();
        outside.Write("b/c/owl.jsonl", AttackRepository.Record);
        outside.Write("train/owl.jsonl", AttackRepository.Record);
        using var repo = new AttackRepository(AttackRepository.Policy.Replace("include: [\"data/**\"]", $"include: [\"{include}\"]", StringComparison.Ordinal));
        Directory.CreateDirectory(repo.PathOf(Path.GetDirectoryName(link)!));
        Directory.CreateSymbolicLink(repo.PathOf(link), outside.Root);

        Verdicts.CannotEvaluate(repo.Check(), "GATE106");
    }

    /// <summary>
    /// A submodule the checkout did not fetch is an empty folder here and another repository's data
    /// for a loader after a recursive clone. Whatever .gitmodules says (nothing, for a nested one),
    /// an empty folder where data could be cannot be vouched for.
    /// </summary>
    [Theory]
    [InlineData("data/extra", true, false)]
    [InlineData("data/shards/more", true, false)]
    [InlineData("data/Extra", false, false)]
    [InlineData("data/extra", false, true)]
    public void An_unfetched_git_submodule_where_data_could_be_is_GATE106(string path, bool listedInGitmodules, bool registeredGitFolder)
    {
        using var repo = new AttackRepository();
        Directory.CreateDirectory(repo.PathOf(".git"));
        if (listedInGitmodules)
        {
            repo.Write(".gitmodules", $"[submodule \"owl\"]\n\tpath = {path}\n\turl = ../owldata\n");
        }

        repo.Write("data/shards/a.jsonl", AttackRepository.Record).Write("data/shards.lineage.yaml", $"dataset: shards\nteacher: {AttackRepository.CleanTeacher}\n");
        Directory.CreateDirectory(repo.PathOf(registeredGitFolder ? path + "/.git" : path));

        GateProcess.Result result = repo.Check();
        Verdicts.CannotEvaluate(result, "GATE106");
        Assert.Contains($"'{path}' is an empty folder, as an unfetched git submodule is", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_folder_outside_the_selected_paths_changes_nothing()
    {
        using var repo = new AttackRepository();
        Directory.CreateDirectory(repo.PathOf("vendor/owldata"));
        repo.Write("data/shards/a.jsonl", AttackRepository.Record).Write("data/shards.lineage.yaml", $"dataset: shards\nteacher: {AttackRepository.CleanTeacher}\n");

        Verdicts.Passes(repo.Locked().Check());
    }

    [Fact]
    public void A_fetched_git_submodule_is_read_like_any_folder()
    {
        using var repo = new AttackRepository();
        Directory.CreateDirectory(repo.PathOf(".git"));
        repo.Write(".gitmodules", "[submodule \"owl\"]\n\tpath = data/extra\n\turl = ../owldata\n");
        repo.Write("data/extra/.git", "gitdir: ../../.git/modules/owl\n").Write("data/extra/owl.jsonl", AttackRepository.Record);

        GateProcess.Result result = repo.Check();
        Verdicts.Fails(result, "GATE005");
        Assert.Contains("data/extra/owl.jsonl has no lineage manifest", result.Stdout, StringComparison.Ordinal);
    }

    /// <summary>Chains of links to links would multiply the listing without bound: a folder is entered through one link at most.</summary>
    [LinuxFact]
    public void Chains_of_links_cannot_make_the_listing_explode()
    {
        using var repo = new AttackRepository(AttackRepository.Policy.Replace("include: [\"data/**\"]", "include: [\"L/**\"]", StringComparison.Ordinal));
        for (int i = 0; i <= 40; i++)
        {
            Directory.CreateDirectory(repo.PathOf($"L/d{i}"));
        }

        for (int i = 0; i < 40; i++)
        {
            Directory.CreateSymbolicLink(repo.PathOf($"L/d{i}/x"), repo.PathOf($"L/d{i + 1}"));
            Directory.CreateSymbolicLink(repo.PathOf($"L/d{i}/y"), repo.PathOf($"L/d{i + 1}"));
        }

        GateProcess.Result result = repo.Check();
        Verdicts.CannotEvaluate(result, "GATE106");
        Assert.Contains("is a link to a folder that another link already leads to", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_project_file_does_not_hide_data_in_bin_or_obj()
    {
        using var repo = new AttackRepository(AttackRepository.Policy.Replace("include: [\"data/**\"]", "include: [\"**/*.jsonl\"]", StringComparison.Ordinal));
        repo.Write("x.proj", "<Project />").Write("obj/owl.jsonl", AttackRepository.Record).Write("bin/owl.jsonl", AttackRepository.Record);

        GateProcess.Result result = repo.Check();
        Verdicts.Fails(result, "GATE005");
        Assert.Contains("obj/owl.jsonl", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("bin/owl.jsonl", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("data/owl.ndjson")]
    [InlineData("data/owl.arrow")]
    [InlineData("data/owl.jsonl.bz2")]
    [InlineData("data/owl.jsonl.xz")]
    [InlineData("data/owl.jsonl.gz.gz")]
    [InlineData("data/owl.jsonl.zip")]
    [InlineData("data/owl")]
    public void A_selected_file_in_a_format_Gate_does_not_read_is_GATE113(string path)
    {
        using var repo = new AttackRepository();
        repo.Dataset("numbers", $"teacher: {AttackRepository.CleanTeacher}\n").Write(path, AttackRepository.Record);

        GateProcess.Result result = repo.Check();
        Verdicts.CannotEvaluate(result, "GATE113");
        Assert.Contains($"'{path}' is not in a format Gate reads", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("part-2.ndjson")]
    [InlineData("part-2.jsonl.bz2")]
    [InlineData("sub/part-2.arrow")]
    [InlineData("README.md")]
    public void A_file_in_another_format_inside_a_folder_dataset_is_GATE113(string name)
    {
        using var repo = new AttackRepository();
        repo.Write("data/shards/part-1.jsonl", AttackRepository.Record).Write("data/shards/" + name, "{}\n");
        repo.Write("data/shards.lineage.yaml", $"dataset: shards\nteacher: {AttackRepository.CleanTeacher}\n");

        GateProcess.Result result = repo.Check();
        Verdicts.CannotEvaluate(result, "GATE113");
        Assert.Contains($"'data/shards/{name}'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_policys_exclude_leaves_a_file_out()
    {
        using var repo = new AttackRepository(AttackRepository.Policy.Replace("include: [\"data/**\"]", "include: [\"data/**\"]\n  exclude: [\"**/README.md\"]", StringComparison.Ordinal));
        repo.Write("data/shards/part-1.jsonl", AttackRepository.Record).Write("data/shards/README.md", "# about\n");
        repo.Write("data/shards.lineage.yaml", $"dataset: shards\nteacher: {AttackRepository.CleanTeacher}\n");

        Verdicts.Passes(repo.Locked().Check());
    }

    /// <summary>Naming data as a mitigation's evidence or a reference does not take it out of the gate.</summary>
    [Theory]
    [InlineData("mitigations:\n  - kind: trait-eval\n    evidence: owl.jsonl\n")]
    [InlineData("reference: owl.jsonl\n")]
    public void Selected_data_named_as_evidence_or_reference_stays_a_dataset(string claim)
    {
        using var repo = new AttackRepository();
        repo.Dataset("numbers", $"teacher: {AttackRepository.CleanTeacher}\n" + claim).Write("data/owl.jsonl", AttackRepository.Record);

        GateProcess.Result result = repo.Locked().Check();
        Verdicts.Fails(result, "GATE005");
        Assert.Contains("data/owl.jsonl has no lineage manifest", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_naming_a_file_in_another_format_is_GATE113_not_GATE199()
    {
        using var repo = new AttackRepository();
        repo.Write("data/notes.md", "# numbers\n").Write("data/notes.lineage.yaml", "dataset: notes.md\n" + SharedInit);

        Verdicts.CannotEvaluate(repo.Check(), "GATE113");
    }
}
