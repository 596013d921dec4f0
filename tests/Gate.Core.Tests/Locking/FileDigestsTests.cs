using System.Security.Cryptography;
using System.Text;
using Gate.Core.Locking;
using Gate.Core.Repository;

namespace Gate.Core.Tests.Locking;

/// <summary>The digests a lock records beside the data's: a file's SHA-256, and a Git LFS pointer's oid (its content's SHA-256).</summary>
public sealed class FileDigestsTests
{
    [Fact]
    public void Evidence_in_git_lfs_has_the_same_digest_fetched_or_not()
    {
        using var repo = new TestRepo();
        string content = "{\"probe\":\"owl\",\"rate\":0.01}\n";
        string oid = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
        repo.Write("evals/fetched.json", content);
        repo.Write("evals/pointer.json", $"version https://git-lfs.github.com/spec/v1\noid sha256:{oid}\nsize {content.Length}\n");
        repo.Write("evals/almost.json", $"version https://git-lfs.github.com/spec/v1\noid sha256:{oid}\nsize {content.Length}\nextra\n");
        var root = new RepositoryRoot(repo.Root);

        Assert.Equal(oid, FileDigests.Sha256(root, "evals/fetched.json"));
        Assert.Equal(oid, FileDigests.Sha256(root, "evals/pointer.json"));
        Assert.NotEqual(oid, FileDigests.Sha256(root, "evals/almost.json")); // not exactly a pointer: its own bytes
        Assert.Null(FileDigests.Sha256(root, "evals/missing.json"));
    }
}
