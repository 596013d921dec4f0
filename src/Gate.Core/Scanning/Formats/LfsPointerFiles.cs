namespace Gate.Core.Scanning;

/// <summary>For hosts: whether a file on disk is a Git LFS pointer in the exact form Gate takes as one (content not fetched).</summary>
public static class LfsPointerFiles
{
    public static bool IsPointer(string fullPath)
    {
        try
        {
            var info = new FileInfo(fullPath);
            if (!info.Exists || info.Length >= LfsPointer.MaxPointerSize)
            {
                return false;
            }

            byte[] head = File.ReadAllBytes(fullPath);
            return LfsPointer.LooksLikePointer(head) && LfsPointer.Parse(head, out _) is not null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false; // the scan reports a file it cannot read
        }
    }
}
