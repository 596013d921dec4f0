using System.Security.Cryptography;
using System.Text;
using Gate.Core.Locking;
using Gate.Core.Repository;

namespace Gate.Core.Tests.Locking;

/// <summary>
/// The digests a lock records beside the data's are of the bytes present: evidence or a reference
/// replaced by a Git LFS pointer to itself changes its digest (GATE006), since no rule would read
/// content that is not here.
/// </summary>
public sealed class FileDigestsTests
{
    [Fact]
    public void Evidence_replaced_by_a_pointer_to_itself_has_another_digest()
    {
        using var repo = new TestRepo();
        string content = "{\"probe\":\"owl\",\"rate\":0.01}\n";
        string oid = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
        repo.Write("evals/fetched.json", content);
        repo.Write("evals/pointer.json", $"version https://git-lfs.github.com/spec/v1\noid sha256:{oid}\nsize {content.Length}\n");
        repo.Write("evals/almost.json", $"version https://git-lfs.github.com/spec/v1\noid sha256:{oid}\nsize {content.Length}\nextra\n");
        var root = new RepositoryRoot(repo.Root);

        Assert.Equal(oid, FileDigests.Sha256(root, "evals/fetched.json"));
        Assert.NotEqual(oid, FileDigests.Sha256(root, "evals/pointer.json"));
        Assert.NotEqual(oid, FileDigests.Sha256(root, "evals/almost.json"));
        Assert.Null(FileDigests.Sha256(root, "evals/missing.json"));
    }
}
