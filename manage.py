#!/usr/bin/env python
"""Same as the `gongkai` console script."""

from gongkai.manage import main

if __name__ == "__main__":
    main()
