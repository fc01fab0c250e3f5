"""Common English first names by the pronoun a story most likely uses for them, for the
multi-step reader's pronouns (:mod:`chain_story`): "Emma gave 5 pencils to Tom. Now she has 20":
"she" is Emma, not Tom. A name not listed here (or used for either: Sam, Alex, Jordan) has no
gender, so a pronoun that could name it is refused rather than guessed."""

from __future__ import annotations

__all__ = ["name_gender"]

_FEMALE = set(
    """Abby Abigail Ada Addison Alice Alicia Alison Amanda Amber Amelia Amy Andrea Angela Anna Anne Annie Ava
    Barbara Bella Betty Beth Brenda Brianna Brooke Carla Carmen Carol Caroline Catherine Charlotte Chloe Christina
    Cindy Claire Clara Daisy Dana Debra Diana Donna Dorothy Eleanor Elena Eliza Elizabeth Ella Ellen Emily Emma
    Erica Erin Eva Evelyn Faith Fiona Gabriella Gina Grace Hannah Harriet Hazel Heather Helen Holly Irene Isabel
    Isabella Ivy Jackie Jane Janet Janice Jasmine Jenna Jennifer Jenny Jessica Jill Joan Joanna Josephine Joy
    Judy Julia Julie June Karen Kate Katie Kayla Kelly Kim Kimberly Laura Lauren Leah Lily Linda Lisa Liz Lucy
    Lydia Madison Maggie Margaret Maria Marie Martha Mary Maya Megan Melissa Mia Michelle Mila Mildred Molly
    Monica Nancy Naomi Natalie Nicole Nina Nora Olivia Paige Pam Pamela Patricia Paula Penny Rachel Rebecca Rita
    Rose Ruby Ruth Sally Samantha Sandra Sara Sarah Sharon Sophia Sophie Stella Stephanie Susan Sylvia Tanya
    Teresa Tina Tracy Valerie Vanessa Victoria Violet Wendy Zoe""".split()
)
_MALE = set(
    """Aaron Adam Adrian Alan Albert Alexander Andrew Anthony Arthur Ben Benjamin Bill Billy Bob Brad Brandon Brian
    Bruce Carl Carlos Charles Charlie Chad Christopher Colin Craig Daniel Danny Dave David Dean Dennis Derek
    Donald Doug Douglas Dylan Eddie Edward Eric Ethan Frank Fred Gary George Gerald Greg Gregory Harry Henry Ian
    Isaac Jack Jacob Jake James Jason Jeff Jeffrey Jeremy Jerry Jim Jimmy Joe John Johnny Jonathan Joseph Josh
    Joshua Juan Justin Keith Ken Kenneth Kevin Kyle Larry Leo Liam Logan Louis Lucas Luke Marcus Mark Martin
    Matt Matthew Max Michael Mike Nathan Neil Nick Noah Oliver Oscar Owen Patrick Paul Peter Philip Ralph
    Randy Ray Raymond Richard Rick Robert Roger Ron Ronald Ross Roy Russell Ryan Scott Sean Seth Simon Stephen
    Steve Steven Ted Terry Thomas Tim Timothy Todd Tom Tommy Tony Travis Tyler Victor Vincent Walter Wayne Will
    William Zach Zachary""".split()
)

# more common first names (wordsr, round 5: "Millie had 9 bracelets. He lost 2 of them." was answered, her
# name unknown, so "he" could be her); a name used for either (Sam, Alex, Jordan, Morgan) stays out
_FEMALE |= set(
    """Allison Audrey Bianca Camila Cecile Cecilia Christine Courtney Cristine Delores Dina Dolores Elsa Esther
    Gloria Gracie Gwen Hailey Haley Ines Jana Jocelyn Jovana Kara Katherine Kathy Kristen Kristi Kristine Kylie
    Leila Lila Lori Lorraine Mabel Marcia Marissa Mei Millie Mindy Miriam Nadia Nellie Olga Phoebe Priscilla
    Raquel Rhonda Rosa Sabrina Shannon Sheila Shelby Shiela Sierra Tara Tessa Theresa Tiffany Vera Wanda
    Yvonne""".split()
)
_MALE |= set(
    """Adolfo Andy Bernard Bobby Bruno Cade Caleb Dante Diego Edgar Elijah Emilio Felix Finn Frederick Gabriel
    Gilbert Gordon Grant Hank Harold Harvey Hector Howard Hugo Ivan Jared Jasper Jerome Jorge Julian Kurt Lance
    Lenny Lloyd Luis Marc Marco Mario Mason Milo Mitchell Nathaniel Norman Omar Pablo Paco Pedro Rodney Roland Rudy
    Sonny Spencer Stanley Stuart Trevor Wade Wesley Wyatt Xavier""".split()
)


def name_gender(name: str) -> str | None:
    """ "m" or "f" for a listed first name (the first word of `name`), else None."""
    first = name.split()[0] if name else ""
    return "f" if first in _FEMALE else "m" if first in _MALE else None
