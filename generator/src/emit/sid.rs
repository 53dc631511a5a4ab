//! SID newtypes: one `sid_newtype!` invocation per prefix; the macro itself
//! lives in the support code.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, ident};
use crate::model::SidType;

pub(super) fn sids(sids: &[SidType]) -> TokenStream {
    let items = sids.iter().map(|sid| {
        let name = ident(&sid.name);
        let prefix = &sid.prefix;
        let docs = doc(&sid.docs);
        quote! {
            #docs
            #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub struct #name([u8; 34]);
            sid_newtype!(#name = #prefix);
        }
    });
    quote!(#(#items)*)
}
